//! Who is asking, behind a reverse proxy. A request's address is its connection's peer,
//! unless that peer is a proxy the operator trusts (`--trust-proxy`): then the client is
//! the last address before the trusted proxies in the one header those proxies write
//! (`--proxy-header`: `X-Forwarded-For`, as the README's nginx and Caddy set it, or
//! `Forwarded`, RFC 7239). A reader cannot choose their own rate-limit bucket: headers from
//! an untrusted peer are ignored, so is the header the proxies do not write (it comes from
//! the reader untouched), and addresses a client wrote to the left of the real one are
//! never reached. Readers on IPv6 are counted by their network ([`bucket`]).

use std::net::IpAddr;

use axum::http::HeaderMap;
use ipnet::{IpNet, Ipv6Net};

/// Which forwarding header the trusted proxies write: the other one is the reader's own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProxyHeader {
    /// `X-Forwarded-For` (nginx's `$remote_addr` or `$proxy_add_x_forwarded_for`, Caddy).
    #[default]
    XForwardedFor,
    /// `Forwarded: for=…` (RFC 7239).
    Forwarded,
}

/// The proxies whose forwarding header is believed, and which header that is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    nets: Vec<IpNet>,
    header: ProxyHeader,
}

impl TrustedProxies {
    /// `10.0.0.0/8`, `192.0.2.7`, `::1`, `fd00::/8`: networks or single addresses.
    ///
    /// ```
    /// use balasan_server::proxy::TrustedProxies;
    ///
    /// let t = TrustedProxies::parse(["10.0.0.0/8", "::1"]).unwrap();
    /// assert!(t.trusts("10.1.2.3".parse().unwrap()));
    /// assert!(!t.trusts("192.0.2.1".parse().unwrap()));
    /// assert!(TrustedProxies::parse(["10.0.0.0/33"]).is_err());
    /// ```
    pub fn parse<'a>(list: impl IntoIterator<Item = &'a str>) -> Result<TrustedProxies, String> {
        list.into_iter()
            .map(|s| {
                s.parse::<IpNet>()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("\"{s}\" is not an address or a network (CIDR)"))
            })
            .collect::<Result<_, _>>()
            .map(|nets| TrustedProxies {
                nets,
                header: ProxyHeader::default(),
            })
    }

    /// The same proxies, read through `header`.
    pub fn reading(self, header: ProxyHeader) -> TrustedProxies {
        TrustedProxies { header, ..self }
    }

    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.nets.iter().any(|net| net.contains(&ip))
    }

    /// The client's address, for a request from `peer` with `headers`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let hops = match self.header {
            ProxyHeader::XForwardedFor => x_forwarded_for(headers),
            ProxyHeader::Forwarded => forwarded(headers).unwrap_or_default(),
        };
        // From the nearest hop outwards: the first one that is not a trusted proxy is the
        // client. A hop that cannot be read ends the walk at the proxy that wrote it.
        let mut client = peer;
        for hop in hops.iter().rev() {
            match hop {
                Some(ip) if self.trusts(*ip) => client = *ip,
                Some(ip) => return *ip,
                None => return client,
            }
        }
        client
    }
}

impl TrustedProxies {
    /// Whether a request from `peer` reached the proxy over HTTPS, as a trusted proxy says
    /// (`X-Forwarded-Proto: https`, or `proto=https` in `Forwarded`, whichever header the
    /// proxies write; the value the nearest proxy wrote). `false` from any other peer.
    ///
    /// ```
    /// use axum::http::{HeaderMap, HeaderValue};
    /// use balasan_server::proxy::TrustedProxies;
    ///
    /// let t = TrustedProxies::parse(["10.0.0.2"]).unwrap();
    /// let mut h = HeaderMap::new();
    /// h.insert("x-forwarded-proto", HeaderValue::from_static("https"));
    /// assert!(t.says_https("10.0.0.2".parse().unwrap(), &h));
    /// assert!(!t.says_https("203.0.113.9".parse().unwrap(), &h));
    /// ```
    pub fn says_https(&self, peer: IpAddr, headers: &HeaderMap) -> bool {
        if !self.trusts(canonical(peer)) {
            return false;
        }
        let said = match self.header {
            ProxyHeader::XForwardedFor => headers
                .get_all("x-forwarded-proto")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .next_back()
                .map(|v| v.trim().to_owned()),
            ProxyHeader::Forwarded => headers
                .get_all("forwarded")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .next_back()
                .and_then(|element| {
                    element.split(';').find_map(|pair| {
                        let (k, v) = pair.trim().split_once('=')?;
                        k.eq_ignore_ascii_case("proto")
                            .then(|| v.trim_matches('"').to_owned())
                    })
                }),
        };
        said.is_some_and(|p| p.eq_ignore_ascii_case("https"))
    }
}

/// The rate-limit bucket of a reader at `ip`: an IPv4 address alone, an IPv6 address by
/// its network of `v6_prefix` bits (`--ipv6-bucket-prefix`, 64 by default: one subscriber
/// or one LAN gets a whole /64, so its addresses are one reader). An IPv4 address written as
/// IPv6 is the IPv4 address.
///
/// ```
/// use balasan_server::proxy::bucket;
///
/// let b = |s: &str| bucket(s.parse().unwrap(), 64);
/// assert_eq!(b("2001:db8:1:2::a"), b("2001:0db8:0001:0002:ffff::1"));
/// assert_ne!(b("2001:db8:1:2::a"), b("2001:db8:1:3::a"));
/// assert_eq!(b("::ffff:192.0.2.7"), b("192.0.2.7"));
/// assert_ne!(b("192.0.2.7"), b("192.0.2.8"));
/// ```
pub fn bucket(ip: IpAddr, v6_prefix: u8) -> String {
    match canonical(ip) {
        IpAddr::V6(v6) => Ipv6Net::new(v6, v6_prefix.min(128))
            .map(|net| net.trunc().to_string())
            .unwrap_or_else(|_| v6.to_string()),
        v4 => v4.to_string(),
    }
}

/// An IPv4 address written as IPv6 (`::ffff:10.0.0.1`, from a dual-stack socket) is the
/// IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The `for=` of every element of every `Forwarded` header, in order; `None` when there is
/// no such header.
fn forwarded(headers: &HeaderMap) -> Option<Vec<Option<IpAddr>>> {
    let mut hops = Vec::new();
    let mut any = false;
    for value in headers.get_all("forwarded") {
        any = true;
        let Ok(value) = value.to_str() else {
            hops.push(None);
            continue;
        };
        for element in value.split(',') {
            let node = element.split(';').find_map(|pair| {
                let (name, v) = pair.split_once('=')?;
                name.trim().eq_ignore_ascii_case("for").then_some(v.trim())
            });
            if let Some(node) = node {
                hops.push(address(node.trim_matches('"')));
            }
        }
    }
    any.then_some(hops)
}

fn x_forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|v| {
            let text = v.to_str().unwrap_or("?");
            text.split(',')
                .map(|hop| address(hop.trim()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// `192.0.2.1`, `192.0.2.1:4711`, `[2001:db8::1]`, `[2001:db8::1]:4711`, `2001:db8::1`.
fn address(node: &str) -> Option<IpAddr> {
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok().map(canonical);
    }
    if let Ok(ip) = node.parse() {
        return Some(canonical(ip));
    }
    let (host, _port) = node.rsplit_once(':')?;
    host.parse().ok().map(canonical)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.append(*name, HeaderValue::from_str(value).unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn https_as_the_nearest_trusted_proxy_says() {
        let t = TrustedProxies::parse(["10.0.0.0/8"]).unwrap();
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let h = headers(&[("x-forwarded-proto", "http, https")]);
        assert!(t.says_https(proxy, &h));
        let h = headers(&[("x-forwarded-proto", "https, http")]);
        assert!(!t.says_https(proxy, &h), "the nearest proxy's word counts");
        let h = headers(&[(
            "forwarded",
            r#"for=1.1.1.1;proto=http, for=2.2.2.2;Proto="https""#,
        )]);
        let f = t.clone().reading(ProxyHeader::Forwarded);
        assert!(f.says_https(proxy, &h));
        // The header the proxies do not write is the reader's own.
        assert!(!t.says_https(proxy, &h));
        let h = headers(&[("x-forwarded-proto", "https")]);
        assert!(!f.says_https(proxy, &h));
        assert!(!t.says_https("::1".parse().unwrap(), &h));
        assert!(t.says_https("::ffff:10.0.0.2".parse().unwrap(), &h));
    }

    #[test]
    fn headers_from_an_untrusted_peer_are_ignored() {
        let t = TrustedProxies::parse(["10.0.0.0/8"]).unwrap();
        let h = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(t.client(ip("198.51.100.1"), &h), ip("198.51.100.1"));
        assert_eq!(
            TrustedProxies::default().client(ip("10.0.0.1"), &h),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn the_client_is_the_last_untrusted_hop() {
        let t = TrustedProxies::parse(["10.0.0.0/8", "2001:db8::/32"]).unwrap();
        // The reader wrote 1.1.1.1 themselves; the proxy appended what it saw.
        let h = headers(&[("x-forwarded-for", "1.1.1.1, 203.0.113.9, 10.0.0.2")]);
        assert_eq!(t.client(ip("10.0.0.1"), &h), ip("203.0.113.9"));
        let h = headers(&[
            ("x-forwarded-for", "1.1.1.1"),
            ("x-forwarded-for", "203.0.113.9"),
        ]);
        assert_eq!(t.client(ip("::ffff:10.0.0.1"), &h), ip("203.0.113.9"));
        // Only the header the proxies write counts; ports, brackets and quotes are read.
        let h = headers(&[
            (
                "forwarded",
                r#"for=1.1.1.1, for="[2001:db8:cafe::17]:4711";proto=https"#,
            ),
            ("forwarded", "for=198.51.100.7:80;by=10.0.0.2"),
            ("x-forwarded-for", "192.0.2.200"),
        ]);
        assert_eq!(t.client(ip("10.0.0.1"), &h), ip("192.0.2.200"));
        let f = t.clone().reading(ProxyHeader::Forwarded);
        assert_eq!(f.client(ip("10.0.0.1"), &h), ip("198.51.100.7"));
        // Only trusted hops: the request comes from inside; the outermost one is its source.
        let h = headers(&[("forwarded", r#"for="[2001:db8::5]""#)]);
        assert_eq!(f.client(ip("10.0.0.1"), &h), ip("2001:db8::5"));
        // A Forwarded of the reader's own where the proxies write X-Forwarded-For.
        let h = headers(&[
            ("x-forwarded-for", "198.51.100.7"),
            ("forwarded", r#"for="[2001:db8::dead]""#),
        ]);
        assert_eq!(t.client(ip("10.0.0.1"), &h), ip("198.51.100.7"));
    }

    #[test]
    fn what_cannot_be_read_stops_at_the_proxy() {
        let t = TrustedProxies::parse(["10.0.0.0/8"]).unwrap();
        let h = headers(&[("x-forwarded-for", "203.0.113.9, unknown, 10.0.0.3")]);
        assert_eq!(t.client(ip("10.0.0.1"), &h), ip("10.0.0.3"));
        assert_eq!(t.client(ip("10.0.0.1"), &HeaderMap::new()), ip("10.0.0.1"));
        let h = headers(&[("forwarded", "for=unknown")]);
        let f = t.reading(ProxyHeader::Forwarded);
        assert_eq!(f.client(ip("10.0.0.1"), &h), ip("10.0.0.1"));
    }
}
