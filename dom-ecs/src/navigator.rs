//! `navigator` (<https://html.spec.whatwg.org/#the-navigator-object>):
//! what the page learns of the user agent. ecsdom names itself in the user
//! agent string after the `Mozilla/5.0 (platform)` prefix every browser
//! sends, answers as a headless browser in US English would, and says
//! that it keeps cookies (the page's jar, `cookies.rs`).

use crate::DomResult;

/// The user agent string's product token.
const PRODUCT: &str = concat!("ecsdom/", env!("CARGO_PKG_VERSION"));

/// A window's `Navigator`: stateless; copies are one object's.
#[derive(Clone, Copy, Debug, Default)]
pub struct Navigator;

/// The platform as browsers name it (`navigator.platform`, and the user
/// agent string's parenthesis).
fn platform() -> String {
    let os = match std::env::consts::OS {
        "linux" => "Linux",
        "macos" => "MacIntel",
        "windows" => "Win32",
        other => other,
    };
    if os == "Linux" {
        format!("Linux {}", std::env::consts::ARCH)
    } else {
        os.to_owned()
    }
}

impl Navigator {
    /// `appCodeName`: "Mozilla", for compatibility.
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn app_code_name(&self) -> DomResult<String> {
        Ok("Mozilla".into())
    }

    /// `appName`: "Netscape", for compatibility.
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn app_name(&self) -> DomResult<String> {
        Ok("Netscape".into())
    }

    /// `appVersion`: the user agent string after `Mozilla/`.
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn app_version(&self) -> DomResult<String> {
        let ua = self.user_agent()?;
        Ok(ua.strip_prefix("Mozilla/").unwrap_or(&ua).to_owned())
    }

    /// `platform`: the operating system and machine (`Linux x86_64`).
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn platform(&self) -> DomResult<String> {
        Ok(platform())
    }

    /// `product`: "Gecko", for compatibility.
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn product(&self) -> DomResult<String> {
        Ok("Gecko".into())
    }

    /// `productSub`: "20030107", as Chrome and Safari answer.
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn product_sub(&self) -> DomResult<String> {
        Ok("20030107".into())
    }

    /// `userAgent`: `Mozilla/5.0 (X11; Linux x86_64) ecsdom/VERSION`.
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn user_agent(&self) -> DomResult<String> {
        let system = if std::env::consts::OS == "linux" {
            format!("X11; {}", platform())
        } else {
            platform()
        };
        Ok(format!("Mozilla/5.0 ({system}) {PRODUCT}"))
    }

    /// `vendor`: empty, as Firefox answers (no vendor to name).
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn vendor(&self) -> DomResult<String> {
        Ok(String::new())
    }

    /// `vendorSub`: always empty.
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn vendor_sub(&self) -> DomResult<String> {
        Ok(String::new())
    }

    /// `language`: the preferred language, `en-US`.
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn language(&self) -> DomResult<String> {
        Ok("en-US".into())
    }

    /// `languages`: the preferred languages, most preferred first.
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn languages(&self) -> DomResult<Vec<String>> {
        Ok(vec!["en-US".into(), "en".into()])
    }

    /// `onLine`: true (ecsdom does not model being offline).
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn on_line(&self) -> DomResult<bool> {
        Ok(true)
    }

    /// `cookieEnabled`: true (the page's cookie jar, `cookies.rs`).
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn cookie_enabled(&self) -> DomResult<bool> {
        Ok(true)
    }

    /// `hardwareConcurrency`: the logical processors this process may use.
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn hardware_concurrency(&self) -> DomResult<usize> {
        Ok(std::thread::available_parallelism().map_or(1, usize::from))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_agent_names_ecsdom_after_the_mozilla_prefix() {
        let n = Navigator;
        let ua = n.user_agent().unwrap();
        assert!(
            ua.starts_with("Mozilla/5.0 (") && ua.ends_with(PRODUCT),
            "{ua}"
        );
        assert_eq!(format!("Mozilla/{}", n.app_version().unwrap()), ua);
        assert!(n.hardware_concurrency().unwrap() >= 1);
    }
}
