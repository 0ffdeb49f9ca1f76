//! The sandbox's network process. The page process may open no socket, so
//! before it confines itself it forks this process, which keeps the
//! network: it takes requests over Unix socket pairs, checks every URL
//! (each redirect too) against `--allow-net`, fetches, and sends the
//! response back. It is confined too (no files but the system's, no new
//! process), dies with the page process, and holds nothing of the page
//! but the requests it is sent. A page's code, even native code loaded by
//! its Python, cannot reach another host: the check runs in a process it
//! has no access to.
//!
//! The wire format is ours: a frame is a 32-bit little-endian length and
//! that many bytes; strings and byte strings inside are length-prefixed
//! the same way.

use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::sync::{Condvar, Mutex, PoisonError};

use dom_ecs::fetch::{FetchRequest, NetworkResponse, ResponseType};

use super::NetRule;
use crate::host::net::MAX_BODY;

/// Requests in flight at once (as many as the page's fetch threads).
const CHANNELS: usize = 4;

/// The largest frame either side accepts: a body and its headers.
const MAX_FRAME: u64 = MAX_BODY + (16 << 20);

/// The page process's end: channels to the network process.
pub(super) struct Client {
    rules: Vec<NetRule>,
    pool: Mutex<Pool>,
    freed: Condvar,
}

struct Pool {
    idle: Vec<UnixStream>,
    /// Channels not lost (idle or in use).
    alive: usize,
}

const GONE: &str = "the sandbox's network process has ended";

impl Client {
    /// The hosts the network process lets requests reach.
    pub(super) fn rules(&self) -> &[NetRule] {
        &self.rules
    }

    /// Fetch `url` as `r` asks, in the network process.
    pub(super) fn fetch(
        &self,
        r: &FetchRequest,
        url: &url::Url,
    ) -> Result<NetworkResponse, String> {
        let mut channel = {
            let mut pool = self.pool.lock().unwrap_or_else(PoisonError::into_inner);
            loop {
                if let Some(c) = pool.idle.pop() {
                    break c;
                }
                if pool.alive == 0 {
                    return Err(GONE.into());
                }
                pool = self
                    .freed
                    .wait(pool)
                    .unwrap_or_else(PoisonError::into_inner);
            }
        };
        let answer = send(&mut channel, &encode_request(r, url)).and_then(|()| recv(&mut channel));
        let mut pool = self.pool.lock().unwrap_or_else(PoisonError::into_inner);
        let Ok(frame) = answer else {
            // The process is gone or out of step: the channel is dropped.
            pool.alive -= 1;
            self.freed.notify_all();
            return Err(GONE.into());
        };
        pool.idle.push(channel);
        self.freed.notify_one();
        drop(pool);
        decode_result(&frame).unwrap_or_else(|| Err("the network process answered nonsense".into()))
    }
}

/// Fork the network process, which serves requests to the hosts `rules`
/// allow; the page process's end. Called while the process has one
/// thread (the child of a fork has only the forking thread).
///
/// # Errors
/// When the process cannot be made or could not confine itself.
#[expect(unsafe_code, reason = "fork, getpid: see SAFETY")]
pub(super) fn start(rules: Vec<NetRule>) -> Result<Client, String> {
    let mut ours = Vec::with_capacity(CHANNELS);
    let mut theirs = Vec::with_capacity(CHANNELS);
    for _ in 0..CHANNELS {
        let (a, b) = UnixStream::pair().map_err(|e| format!("cannot make a socket pair: {e}"))?;
        ours.push(a);
        theirs.push(b);
    }
    // SAFETY: getpid has no preconditions.
    let parent = unsafe { libc::getpid() };
    // SAFETY: the caller checked that this is the process's only thread,
    // so the child may run any code (no lock is held by a thread that the
    // fork left behind).
    match unsafe { libc::fork() } {
        -1 => Err(format!(
            "cannot start the network process: {}",
            std::io::Error::last_os_error()
        )),
        0 => {
            drop(ours);
            child(parent, theirs, &rules)
        }
        _ => {
            drop(theirs);
            // The child says it is confined (one byte), or ends.
            let mut ready = [0u8; 1];
            if ours[0].read_exact(&mut ready).is_err() {
                return Err("the network process could not confine itself".into());
            }
            Ok(Client {
                rules,
                pool: Mutex::new(Pool {
                    alive: ours.len(),
                    idle: ours,
                }),
                freed: Condvar::new(),
            })
        }
    }
}

/// The network process: confine, serve each channel on a thread, end when
/// the page process does.
#[expect(unsafe_code, reason = "prctl, getppid, _exit: see SAFETY")]
fn child(parent: libc::pid_t, channels: Vec<UnixStream>, rules: &[NetRule]) -> ! {
    // SAFETY: prctl and getppid have no memory preconditions.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
        if libc::getppid() != parent {
            libc::_exit(0);
        }
    }
    close_other_fds(&channels);
    if let Err(e) = super::confine::confine_network_process(rules) {
        crate::host::err_line(&format!("ecsdom: the network process: {e}"));
        // SAFETY: ends this process without running the parent's exit code.
        unsafe { libc::_exit(1) }
    }
    let mut channels = channels;
    if channels[0].write_all(&[1]).is_err() {
        // SAFETY: as above.
        unsafe { libc::_exit(0) }
    }
    let threads: Vec<_> = channels
        .into_iter()
        .map(|c| {
            let rules = rules.to_vec();
            std::thread::spawn(move || serve(c, &rules))
        })
        .collect();
    for t in threads {
        let _ = t.join();
    }
    // SAFETY: as above (no atexit handlers or buffered output of the page's).
    unsafe { libc::_exit(0) }
}

/// Close every descriptor but stderr and the channels: the page's files,
/// its stdout (a reader waits for its end), the Python and cache files.
#[expect(unsafe_code, reason = "closing descriptors no object owns: see SAFETY")]
fn close_other_fds(keep: &[UnixStream]) {
    let keep: Vec<i32> = keep.iter().map(AsRawFd::as_raw_fd).collect();
    let open: Vec<i32> = std::fs::read_dir("/proc/self/fd")
        .map(|d| {
            d.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    for fd in open {
        if fd != 2 && !keep.contains(&fd) {
            // SAFETY: the descriptors of this (one-thread) process that no
            // object here owns; closing one that read_dir already closed
            // fails harmlessly.
            unsafe { libc::close(fd) };
        }
    }
}

/// Answer the requests that come on `channel` until it closes.
fn serve(mut channel: UnixStream, rules: &[NetRule]) {
    while let Ok(frame) = recv(&mut channel) {
        let result = match decode_request(&frame) {
            Some(r) => {
                let url = r.url.clone();
                crate::host::net::http::fetch(&r, &url, &|u| super::check(rules, u))
            }
            None => Err("the page process sent nonsense".into()),
        };
        if send(&mut channel, &encode_result(&result)).is_err() {
            return;
        }
    }
}

fn send(channel: &mut UnixStream, frame: &[u8]) -> std::io::Result<()> {
    let len = u32::try_from(frame.len()).map_err(std::io::Error::other)?;
    channel.write_all(&len.to_le_bytes())?;
    channel.write_all(frame)
}

fn recv(channel: &mut UnixStream) -> std::io::Result<Vec<u8>> {
    let mut len = [0u8; 4];
    channel.read_exact(&mut len)?;
    let len = u32::from_le_bytes(len);
    if u64::from(len) > MAX_FRAME {
        return Err(std::io::Error::other("frame too large"));
    }
    let mut frame = vec![0; len as usize];
    channel.read_exact(&mut frame)?;
    Ok(frame)
}

/// A frame being written.
#[derive(Default)]
struct Enc(Vec<u8>);

impl Enc {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn bytes(&mut self, b: &[u8]) {
        self.u32(b.len() as u32);
        self.0.extend_from_slice(b);
    }
    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    fn pairs(&mut self, pairs: &[(String, String)]) {
        self.u32(pairs.len() as u32);
        for (name, value) in pairs {
            self.str(name);
            self.str(value);
        }
    }
}

/// A frame being read; each read is None past its end.
struct Dec<'a>(&'a [u8]);

impl Dec<'_> {
    fn u8(&mut self) -> Option<u8> {
        let (&v, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(v)
    }
    fn u32(&mut self) -> Option<u32> {
        let (v, rest) = self.0.split_first_chunk::<4>()?;
        self.0 = rest;
        Some(u32::from_le_bytes(*v))
    }
    fn bytes(&mut self) -> Option<Vec<u8>> {
        let len = self.u32()? as usize;
        let (v, rest) = self.0.split_at_checked(len)?;
        self.0 = rest;
        Some(v.to_vec())
    }
    fn string(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?).ok()
    }
    fn pairs(&mut self) -> Option<Vec<(String, String)>> {
        let n = self.u32()?;
        let mut pairs = Vec::new();
        for _ in 0..n {
            pairs.push((self.string()?, self.string()?));
        }
        Some(pairs)
    }
}

fn encode_request(r: &FetchRequest, url: &url::Url) -> Vec<u8> {
    let mut out = Enc::default();
    out.str(&r.method);
    out.str(url.as_str());
    out.pairs(&r.headers);
    match &r.body {
        Some(b) => {
            out.u8(1);
            out.bytes(b);
        }
        None => out.u8(0),
    }
    out.0
}

fn decode_request(frame: &[u8]) -> Option<FetchRequest> {
    let mut d = Dec(frame);
    let method = d.string()?;
    let url = url::Url::parse(&d.string()?).ok()?;
    let headers = d.pairs()?;
    let body = match d.u8()? {
        0 => None,
        _ => Some(d.bytes()?),
    };
    Some(FetchRequest {
        url,
        method,
        headers,
        body,
    })
}

fn encode_result(result: &Result<NetworkResponse, String>) -> Vec<u8> {
    let mut out = Enc::default();
    match result {
        Err(message) => {
            out.u8(0);
            out.str(message);
        }
        Ok(r) => {
            out.u8(1);
            out.str(&r.url);
            out.u8(u8::from(r.redirected));
            out.u32(u32::from(r.status));
            out.str(&r.status_text);
            out.pairs(&r.headers);
            out.bytes(&r.body);
        }
    }
    out.0
}

fn decode_result(frame: &[u8]) -> Option<Result<NetworkResponse, String>> {
    let mut d = Dec(frame);
    if d.u8()? == 0 {
        return Some(Err(d.string()?));
    }
    Some(Ok(NetworkResponse {
        url: d.string()?,
        redirected: d.u8()? != 0,
        status: u16::try_from(d.u32()?).ok()?,
        status_text: d.string()?,
        headers: d.pairs()?,
        body: d.bytes()?,
        kind: ResponseType::Basic,
    }))
}
