//! Marker-line protocols: a child process tells its parent something on stdout as one JSON
//! value per line after a marker, among whatever else the code under test prints. The
//! stress worker and the deep tiers' test targets each speak one; each is a type that
//! implements [`MarkerLine`] with its own marker.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A message sent as one line: `MARKER` then the value as JSON.
pub trait MarkerLine: Serialize + DeserializeOwned {
    /// What starts each of this protocol's lines; other text may come before it on the line
    /// (a strategy that printed without a newline).
    const MARKER: &'static str;

    /// The line, without its newline.
    fn to_line(&self) -> String {
        let json = serde_json::to_string(self).expect("a protocol message is plain data");
        format!("{}{json}", Self::MARKER)
    }

    /// `None` for a line of this protocol's marker-less chatter; `Some(Err)` for a line with
    /// the marker that does not parse.
    fn from_line(line: &str) -> Option<Result<Self, serde_json::Error>> {
        let (_, json) = line.split_once(Self::MARKER)?;
        Some(serde_json::from_str(json))
    }

    /// Every line of this protocol in `output` that parses, in order; other lines ignored.
    fn parse_all(output: &str) -> Vec<Self> {
        output.lines().filter_map(Self::from_line).filter_map(Result::ok).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Ping {
        n: u32,
    }

    impl MarkerLine for Ping {
        const MARKER: &'static str = "PING ";
    }

    #[test]
    fn lines_round_trip_among_other_output_and_a_broken_one_is_an_error() {
        let output = format!("noise\nprinted{}\nPING {{broken\n{}\n", Ping { n: 1 }.to_line(), {
            Ping { n: 2 }.to_line()
        });
        assert_eq!(Ping::parse_all(&output), vec![Ping { n: 1 }, Ping { n: 2 }]);
        assert!(Ping::from_line("noise").is_none());
        assert!(Ping::from_line("PING {broken").unwrap().is_err());
    }
}
