//! Who is asking, behind a reverse proxy. A request's address is its connection's peer,
//! unless that peer is a proxy the operator trusts (`--trust-proxy`): then the client is
//! the last address before the trusted proxies in `Forwarded` (RFC 7239) or, without it,
//! `X-Forwarded-For`. A reader cannot choose their own rate-limit bucket: headers from an
//! untrusted peer are ignored, and addresses a client wrote to the left of the real one are
//! never reached.

use std::net::IpAddr;

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The proxies whose forwarding headers are believed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

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
            .map(TrustedProxies)
    }

    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client's address, for a request from `peer` with `headers`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let hops = forwarded(headers).unwrap_or_else(|| x_forwarded_for(headers));
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
        // Forwarded wins over X-Forwarded-For; ports, brackets and quotes are read.
        let h = headers(&[
            (
                "forwarded",
                r#"for=1.1.1.1, for="[2001:db8:cafe::17]:4711";proto=https"#,
            ),
            ("forwarded", "for=198.51.100.7:80;by=10.0.0.2"),
            ("x-forwarded-for", "192.0.2.200"),
        ]);
        assert_eq!(t.client(ip("10.0.0.1"), &h), ip("198.51.100.7"));
        // Only trusted hops: the request comes from inside; the outermost one is its source.
        let h = headers(&[("forwarded", r#"for="[2001:db8::5]""#)]);
        assert_eq!(t.client(ip("10.0.0.1"), &h), ip("2001:db8::5"));
    }

    #[test]
    fn what_cannot_be_read_stops_at_the_proxy() {
        let t = TrustedProxies::parse(["10.0.0.0/8"]).unwrap();
        let h = headers(&[("x-forwarded-for", "203.0.113.9, unknown, 10.0.0.3")]);
        assert_eq!(t.client(ip("10.0.0.1"), &h), ip("10.0.0.3"));
        assert_eq!(t.client(ip("10.0.0.1"), &HeaderMap::new()), ip("10.0.0.1"));
        let h = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(t.client(ip("10.0.0.1"), &h), ip("10.0.0.1"));
    }
}
