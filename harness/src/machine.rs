//! Probing the machine a result comes from: CPU model, cores, memory, OS, the compiler that
//! built the binary, and how busy the machine is.
//!
//! The record itself, [`Machine`], is a file format and lives in `threadlab_results`; stress
//! and calibration files each carry one. Everything is read from `/proc` and `/etc/os-release` on
//! Linux; elsewhere the fields that cannot be read say `unknown` (or are `None`) rather than
//! guessing. The rustc version is captured at build time by `harness/build.rs`.

use threadlab_results::machine::Machine;

/// Describe the machine this process runs on, now.
pub fn describe() -> Machine {
    let cpuinfo = read("/proc/cpuinfo");
    Machine {
        cpu_model: cpuinfo.as_deref().and_then(cpu_model).unwrap_or_else(|| "unknown".to_owned()),
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        logical_cpus: cpuinfo.as_deref().map(logical_cpus).filter(|&n| n > 0),
        memory_bytes: read("/proc/meminfo").as_deref().and_then(mem_total_bytes),
        os: os_name(
            read("/etc/os-release").as_deref(),
            read("/proc/sys/kernel/osrelease").as_deref(),
        ),
        arch: std::env::consts::ARCH.to_owned(),
        rustc: env!("THREADLAB_RUSTC_VERSION").to_owned(),
        load_average: load_average_now(),
    }
}

/// The 1, 5 and 15 minute load averages now (Linux), to note how busy a shared machine was.
pub fn load_average_now() -> Option<[f64; 3]> {
    read("/proc/loadavg").as_deref().and_then(load_average)
}

fn read(path: &str) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

fn cpuinfo_values<'a>(cpuinfo: &'a str, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    cpuinfo.lines().filter_map(move |line| {
        let (k, v) = line.split_once(':')?;
        (k.trim() == key).then(|| v.trim())
    })
}

fn cpu_model(cpuinfo: &str) -> Option<String> {
    // x86 says `model name`; some ARM kernels say `Hardware` or only `CPU part`.
    ["model name", "Hardware", "cpu model", "Processor"]
        .iter()
        .find_map(|key| cpuinfo_values(cpuinfo, key).find(|v| !v.is_empty()))
        .map(str::to_owned)
}

fn logical_cpus(cpuinfo: &str) -> usize {
    cpuinfo_values(cpuinfo, "processor").count()
}

fn mem_total_bytes(meminfo: &str) -> Option<u64> {
    let line = meminfo.lines().find(|l| l.starts_with("MemTotal:"))?;
    let mut words = line["MemTotal:".len()..].split_whitespace();
    let value: u64 = words.next()?.parse().ok()?;
    match words.next() {
        Some("kB") => Some(value * 1024),
        None => Some(value),
        Some(_) => None,
    }
}

fn os_name(os_release: Option<&str>, kernel: Option<&str>) -> String {
    let pretty = os_release.and_then(|text| {
        text.lines().find_map(|line| {
            let value = line.strip_prefix("PRETTY_NAME=")?;
            Some(value.trim().trim_matches('"').to_owned())
        })
    });
    let kernel = kernel.map(|k| format!("{} {}", std::env::consts::OS, k.trim()));
    match (pretty, kernel) {
        (Some(p), Some(k)) => format!("{p}, {k}"),
        (Some(p), None) => p,
        (None, Some(k)) => k,
        (None, None) => std::env::consts::OS.to_owned(),
    }
}

fn load_average(loadavg: &str) -> Option<[f64; 3]> {
    let mut fields = loadavg.split_whitespace().map(|f| f.parse::<f64>().ok());
    Some([fields.next()??, fields.next()??, fields.next()??])
}

#[cfg(test)]
mod tests {
    use super::*;

    const CPUINFO: &str = "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Processor\n\nprocessor\t: 1\nmodel name\t: Intel(R) Xeon(R) Processor\n";

    #[test]
    fn cpuinfo_gives_the_model_and_the_cpu_count() {
        assert_eq!(cpu_model(CPUINFO).as_deref(), Some("Intel(R) Xeon(R) Processor"));
        assert_eq!(logical_cpus(CPUINFO), 2);
        assert_eq!(cpu_model("nothing useful\n"), None);
    }

    #[test]
    fn meminfo_total_is_converted_from_kilobytes() {
        let meminfo = "MemTotal:       24576000 kB\nMemFree:  1 kB\n";
        assert_eq!(mem_total_bytes(meminfo), Some(24_576_000 * 1024));
        assert_eq!(mem_total_bytes("MemFree: 1 kB\n"), None);
    }

    #[test]
    fn os_name_joins_the_distribution_and_the_kernel() {
        let release = "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n";
        let os = os_name(Some(release), Some("6.1.0-18-amd64\n"));
        assert_eq!(
            os,
            format!("Debian GNU/Linux 12 (bookworm), {} 6.1.0-18-amd64", std::env::consts::OS)
        );
        assert_eq!(os_name(None, None), std::env::consts::OS);
    }

    #[test]
    fn load_average_reads_the_first_three_fields() {
        assert_eq!(load_average("0.67 0.96 0.56 1/123 456\n"), Some([0.67, 0.96, 0.56]));
        assert_eq!(load_average("garbage"), None);
    }

    #[test]
    fn this_machine_is_described_with_a_compiler_version() {
        let machine = describe();
        assert!(machine.cores >= 1);
        assert!(
            machine.rustc.starts_with("rustc ") || machine.rustc == "unknown",
            "{}",
            machine.rustc
        );
        let back: Machine =
            serde_json::from_str(&serde_json::to_string(&machine).unwrap()).unwrap();
        assert_eq!(back, machine);
    }
}
