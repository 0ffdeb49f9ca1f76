//! `http:` and `https:` fetches: ureq (rustls) sends each request; the
//! redirects are followed here, as the Fetch Standard's HTTP-redirect
//! fetch says (<https://fetch.spec.whatwg.org/#http-redirect-fetch>), so
//! that every URL a request reaches is first asked of the caller's
//! `allow` (the sandbox's `--allow-net`).

use std::io::Read;
use std::time::Duration;

use dom_ecs::fetch::{FetchRequest, NetworkResponse, ResponseType};

use super::MAX_BODY;

/// Redirects followed at most (the Fetch Standard's limit).
const MAX_REDIRECTS: usize = 20;

/// Headers a redirect that turns the request into a `GET` drops (the
/// request-body-header names).
const BODY_HEADERS: [&str; 4] = [
    "content-encoding",
    "content-language",
    "content-location",
    "content-type",
];

/// A header value as bytes: a `ByteString`'s code points are bytes.
fn latin1(s: &str) -> Vec<u8> {
    s.chars().map(|c| u32::from(c) as u8).collect()
}

/// Fetch `url` as `r` asks, following redirects; each URL is refused
/// unless `allow` accepts it (its message is the network error's).
pub(crate) fn fetch(
    r: &FetchRequest,
    url: &url::Url,
    allow: &dyn Fn(&url::Url) -> Result<(), String>,
) -> Result<NetworkResponse, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let mut url = url.clone();
    let mut method = r.method.clone();
    let mut headers = r.headers.clone();
    let mut body = r.body.clone();
    for hop in 0..=MAX_REDIRECTS {
        allow(&url)?;
        let mut builder = ureq::http::Request::builder()
            .method(method.as_str())
            .uri(url.as_str());
        for (name, value) in &headers {
            builder = builder.header(name.as_str(), latin1(value));
        }
        let request = builder
            .body(body.clone().unwrap_or_default())
            .map_err(|e| e.to_string())?;
        let response = agent.run(request).map_err(|e| e.to_string())?;
        let status = response.status();
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(str::to_owned);
        if let (301 | 302 | 303 | 307 | 308, Some(location)) = (status.as_u16(), location) {
            let next = url
                .join(&location)
                .map_err(|e| format!("{url} redirects to an invalid URL ({e})"))?;
            if !matches!(next.scheme(), "http" | "https") {
                return Err(format!("{url} redirects to a {} URL", next.scheme()));
            }
            if hop == MAX_REDIRECTS {
                return Err(format!("more than {MAX_REDIRECTS} redirects"));
            }
            let code = status.as_u16();
            if ((code == 301 || code == 302) && method == "POST")
                || (code == 303 && method != "GET" && method != "HEAD")
            {
                method = "GET".to_owned();
                body = None;
                headers.retain(|(n, _)| !BODY_HEADERS.contains(&n.to_ascii_lowercase().as_str()));
            }
            if next.origin() != url.origin() {
                headers.retain(|(n, _)| !n.eq_ignore_ascii_case("authorization"));
            }
            url = next;
            continue;
        }
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    v.as_bytes().iter().map(|&b| char::from(b)).collect(),
                )
            })
            .collect();
        let mut bytes = Vec::new();
        response
            .into_body()
            .into_reader()
            .take(MAX_BODY + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        if bytes.len() as u64 > MAX_BODY {
            return Err(format!("the body is larger than {MAX_BODY} bytes"));
        }
        return Ok(NetworkResponse {
            url: url.as_str().to_owned(),
            redirected: hop > 0,
            status: status.as_u16(),
            status_text: status.canonical_reason().unwrap_or("").to_owned(),
            headers,
            body: bytes,
            kind: ResponseType::Basic,
        });
    }
    Err(format!("more than {MAX_REDIRECTS} redirects"))
}
