//! `--sandbox`: the page process confines itself with the kernel's own
//! mechanisms before its first script runs, as a browser's renderer
//! process does, so that what a page's Python (or a bug in an engine)
//! can do is bounded by the kernel, not by our code's checks alone:
//!
//! - files (Landlock): read only the page's directory tree (and
//!   `--root`), the Python installation, the system's libraries; read and
//!   write only the compile cache and `--user-data-dir`;
//! - processes and sockets (seccomp-bpf): no new process, no program
//!   run, no socket opened, no tracing of other processes;
//! - the network: only through a separate network process forked before
//!   the confinement (`broker.rs`), which reaches only the hosts of
//!   `--allow-net` (and the page's own origin);
//! - CPU time (`setrlimit`): a backstop past the page's budgets.
//!
//! See `SECURITY.md` for what is and is not protected.

mod broker;
mod confine;

use std::path::PathBuf;
use std::sync::OnceLock;

use dom_ecs::fetch::{FetchRequest, NetworkResponse};

pub use confine::confine;

/// A host (and port) the sandboxed page may reach (`--allow-net`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetRule {
    /// The host, serialized as the URL Standard does (`127.0.0.1`,
    /// `[::1]`, `example.com`).
    host: String,
    /// The port (None: any).
    port: Option<u16>,
}

impl NetRule {
    /// `HOST` or `HOST:PORT` (an IPv6 address in brackets).
    ///
    /// # Errors
    /// What is wrong with `text`.
    pub fn parse(text: &str) -> Result<NetRule, String> {
        let (host, port) = match text.rfind(':') {
            Some(i) if !text[i + 1..].contains(']') && !text[..i].is_empty() => {
                let port = text[i + 1..]
                    .parse::<u16>()
                    .map_err(|_| format!("'{text}': the port is not a number from 0 to 65535"))?;
                (&text[..i], Some(port))
            }
            _ => (text, None),
        };
        let host = url::Host::parse(host)
            .map_err(|e| format!("'{text}': {e}"))?
            .to_string();
        Ok(NetRule { host, port })
    }

    /// The rule for `url`'s host and port (its scheme's default port).
    #[must_use]
    pub fn of_url(url: &url::Url) -> Option<NetRule> {
        Some(NetRule {
            host: url.host()?.to_string(),
            port: url.port_or_known_default(),
        })
    }

    fn allows(&self, url: &url::Url) -> bool {
        url.host().is_some_and(|h| h.to_string() == self.host)
            && self
                .port
                .is_none_or(|p| url.port_or_known_default() == Some(p))
    }
}

impl std::fmt::Display for NetRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.port {
            Some(p) => write!(f, "{}:{p}", self.host),
            None => f.write_str(&self.host),
        }
    }
}

/// Whether `rules` let a request reach `url`; the network error if not.
fn check(rules: &[NetRule], url: &url::Url) -> Result<(), String> {
    if rules.iter().any(|r| r.allows(url)) {
        Ok(())
    } else {
        Err(blocked(url))
    }
}

/// The network error of a request the sandbox does not let out.
fn blocked(url: &url::Url) -> String {
    let host = url.host_str().unwrap_or("");
    let port = url
        .port_or_known_default()
        .map_or_else(String::new, |p| format!(":{p}"));
    format!("the sandbox blocked {host}{port} (not in --allow-net)")
}

/// What the page process is confined to.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    /// Trees the page may read (directories or files).
    pub read: Vec<PathBuf>,
    /// Trees the page may read and write (the compile cache,
    /// `--user-data-dir`); made if missing.
    pub write: Vec<PathBuf>,
    /// Files the page process writes at exit (`--trace`); made if missing.
    pub write_files: Vec<PathBuf>,
    /// The hosts the page may reach.
    pub allow_net: Vec<NetRule>,
    /// CPU seconds the process may use in all, after which the kernel
    /// stops it (a backstop: the time budgets come first).
    pub cpu_seconds: u64,
}

/// How the process reaches the network.
enum Network {
    /// Not at all.
    Closed,
    /// Through the network process, to the allowed hosts.
    Brokered(broker::Client),
}

/// The process's network once it is confined (unset: the process is not
/// sandboxed and fetches itself).
static NETWORK: OnceLock<Network> = OnceLock::new();

/// Fetch an `http:` or `https:` URL: here, or through the network
/// process when the process is sandboxed.
pub(crate) fn http(r: &FetchRequest, url: &url::Url) -> Result<NetworkResponse, String> {
    match NETWORK.get() {
        None => super::net::http::fetch(r, url, &|_| Ok(())),
        Some(Network::Closed) => Err(blocked(url)),
        Some(Network::Brokered(client)) => {
            check(client.rules(), url)?;
            client.fetch(r, url)
        }
    }
}
