//! The kernel's confinement of the page process and of its network
//! process: Landlock rules for files (and TCP), seccomp-bpf filters for
//! processes and sockets, `setrlimit` for CPU time and core dumps.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use landlock::{
    ABI, Access, AccessFs, AccessNet, NetPort, PathBeneath, PathFd, Ruleset, RulesetAttr,
    RulesetCreatedAttr, RulesetStatus, Scope,
};
use seccompiler::{
    BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter,
    SeccompRule, TargetArch,
};

use super::{Network, Policy};

/// The newest Landlock ABI we ask for; an older kernel enforces what it
/// has (at least ABI 1's file rules, or [`confine`] refuses).
const ABI_WANTED: ABI = ABI::V10;

/// What every process reads: the system's libraries and their
/// configuration (a Python extension module loads `libssl`, `libffi`...),
/// time zones, and the harmless devices.
const SYSTEM_READ: [&str; 8] = [
    "/usr",
    "/lib",
    "/lib64",
    "/etc/ld.so.cache",
    "/etc/localtime",
    "/dev/urandom",
    "/dev/random",
    "/dev/zero",
];

/// What the network process reads besides: name resolution and TLS roots.
const NETWORK_READ: [&str; 7] = [
    "/etc/resolv.conf",
    "/etc/hosts",
    "/etc/nsswitch.conf",
    "/etc/gai.conf",
    "/etc/host.conf",
    "/etc/ssl",
    "/etc/ca-certificates",
];

/// Confine this process as `policy` says: from here on, it and every
/// thread it starts read and write only what the policy lists, start no
/// process, open no socket, and reach the network only through a
/// separate network process (forked here, when `--allow-net` lists
/// hosts).
///
/// Called before the page's first script, while the process has one
/// thread (Landlock binds the calling thread and those it starts; a
/// thread started earlier would stay free).
///
/// # Errors
/// When the kernel lacks Landlock or seccomp, or a step fails: the page
/// must then not run.
pub fn confine(policy: &Policy) -> Result<(), String> {
    let threads = std::fs::read_dir("/proc/self/task").map_or(0, Iterator::count);
    if threads != 1 {
        return Err(format!(
            "the process has {threads} threads; it can only be confined with one"
        ));
    }
    for dir in &policy.write {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
    }
    for file in &policy.write_files {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(file)
            .map_err(|e| format!("cannot open {}: {e}", file.display()))?;
    }
    let network = if policy.allow_net.is_empty() {
        Network::Closed
    } else {
        Network::Brokered(super::broker::start(policy.allow_net.clone())?)
    };
    let mut read: Vec<PathBuf> = SYSTEM_READ.iter().map(PathBuf::from).collect();
    read.extend(policy.read.iter().cloned());
    let mut write = policy.write.clone();
    write.extend(policy.write_files.iter().cloned());
    write.push(PathBuf::from("/dev/null"));
    landlock(&read, &write, &Tcp::Denied)?;
    seccomp(false)?;
    limit(libc::RLIMIT_CORE, 0, 0)?;
    if policy.cpu_seconds > 0 {
        on_cpu_limit();
        limit(libc::RLIMIT_CPU, policy.cpu_seconds, policy.cpu_seconds + 5)?;
    }
    let _ = super::NETWORK.set(network);
    Ok(())
}

/// Confine the network process: the system's files and name resolution
/// read-only, TCP connections only to the ports `rules` name (when every
/// rule names one; name servers' port 53 too), no process started.
pub(super) fn confine_network_process(rules: &[super::NetRule]) -> Result<(), String> {
    let mut read: Vec<PathBuf> = SYSTEM_READ.iter().map(PathBuf::from).collect();
    read.extend(NETWORK_READ.iter().map(PathBuf::from));
    let ports: Option<Vec<u16>> = rules.iter().map(|r| r.port).chain([Some(53)]).collect();
    let tcp = match ports {
        Some(ports) => Tcp::Ports(ports),
        // (A host with any port: the hosts are checked in code only.)
        None => Tcp::Any,
    };
    landlock(&read, &[PathBuf::from("/dev/null")], &tcp)?;
    seccomp(true)?;
    limit(libc::RLIMIT_CORE, 0, 0)
}

/// The TCP connections a confined process may make.
enum Tcp {
    /// None.
    Denied,
    /// To these ports.
    Ports(Vec<u16>),
    /// Any (not handled by Landlock).
    Any,
}

/// Landlock: the calling thread (and the threads it starts) may read
/// `read`, read and write `write`, and connect over TCP as `tcp` says.
/// Abstract Unix sockets and signals are scoped to the sandbox.
fn landlock(read: &[PathBuf], write: &[PathBuf], tcp: &Tcp) -> Result<(), String> {
    let err = |e: landlock::RulesetError| format!("Landlock: {e}");
    let mut ruleset = Ruleset::default()
        .handle_access(AccessFs::from_all(ABI_WANTED))
        .map_err(err)?
        .scope(Scope::from_all(ABI_WANTED))
        .map_err(err)?;
    if !matches!(tcp, Tcp::Any) {
        ruleset = ruleset
            .handle_access(AccessNet::from_all(ABI_WANTED))
            .map_err(err)?;
    }
    let mut created = ruleset.create().map_err(err)?;
    for (paths, access) in [
        (read, AccessFs::from_read(ABI_WANTED)),
        (write, AccessFs::from_all(ABI_WANTED)),
    ] {
        for path in paths {
            let Ok(fd) = PathFd::new(path) else {
                // (Not on this system: nothing to allow.)
                continue;
            };
            let access = if is_dir(path) {
                access
            } else {
                access & AccessFs::from_file(ABI_WANTED)
            };
            created = created
                .add_rule(PathBeneath::new(fd, access))
                .map_err(err)?;
        }
    }
    if let Tcp::Ports(ports) = tcp {
        for &port in ports {
            created = created
                .add_rule(NetPort::new(port, AccessNet::ConnectTcp))
                .map_err(err)?;
        }
    }
    let status = created.restrict_self().map_err(err)?;
    if status.ruleset == RulesetStatus::NotEnforced {
        return Err(
            "this kernel does not enforce Landlock (Linux 5.13 or later, with landlock in the \
             lsm= boot list): --sandbox cannot confine the page"
                .into(),
        );
    }
    Ok(())
}

fn is_dir(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_dir())
}

/// System calls no sandboxed process makes: new programs and processes,
/// other processes' memory, kernel facilities a page never needs (and
/// that could get around the filter: io_uring runs system calls seccomp
/// does not see).
const DENIED: [i64; 31] = [
    libc::SYS_execve,
    libc::SYS_execveat,
    libc::SYS_fork,
    libc::SYS_vfork,
    libc::SYS_ptrace,
    libc::SYS_process_vm_readv,
    libc::SYS_process_vm_writev,
    libc::SYS_pidfd_getfd,
    libc::SYS_io_uring_setup,
    libc::SYS_io_uring_enter,
    libc::SYS_io_uring_register,
    libc::SYS_bpf,
    libc::SYS_perf_event_open,
    libc::SYS_userfaultfd,
    libc::SYS_mount,
    libc::SYS_umount2,
    libc::SYS_pivot_root,
    libc::SYS_chroot,
    libc::SYS_unshare,
    libc::SYS_setns,
    libc::SYS_keyctl,
    libc::SYS_add_key,
    libc::SYS_request_key,
    libc::SYS_kexec_load,
    libc::SYS_kexec_file_load,
    libc::SYS_init_module,
    libc::SYS_finit_module,
    libc::SYS_delete_module,
    libc::SYS_open_by_handle_at,
    libc::SYS_fsopen,
    libc::SYS_open_tree,
];

/// No confined process serves: it takes no connection.
const NO_SERVER: [i64; 4] = [
    libc::SYS_bind,
    libc::SYS_listen,
    libc::SYS_accept,
    libc::SYS_accept4,
];

/// What the page process may not do besides: open or connect sockets (a
/// socket pair, which reaches nothing, stays allowed: asyncio wakes its
/// loop with one).
const DENIED_TO_PAGES: [i64; 2] = [libc::SYS_socket, libc::SYS_connect];

/// The x32 ABI's numbers of the same calls (x86-64 kernels may run x32
/// code in a 64-bit process: the filter must see those numbers too).
const X32: i64 = 0x4000_0000;

/// seccomp-bpf: the denied calls fail with `EPERM` in every thread of the
/// process (a `PermissionError` in Python); `clone` only makes threads;
/// `clone3` answers `ENOSYS`, so the C library makes its threads with
/// `clone`, whose flags a filter can read.
fn seccomp(network_process: bool) -> Result<(), String> {
    fn err(e: impl std::fmt::Display) -> String {
        format!("seccomp: {e}")
    }
    let arch = TargetArch::try_from(std::env::consts::ARCH).map_err(err)?;
    let mut denied: BTreeMap<i64, Vec<SeccompRule>> = BTreeMap::new();
    let mut deny = |nr: i64| {
        denied.insert(nr, Vec::new());
        if arch == TargetArch::x86_64 {
            denied.insert(nr | X32, Vec::new());
        }
    };
    DENIED.iter().chain(&NO_SERVER).copied().for_each(&mut deny);
    if !network_process {
        DENIED_TO_PAGES.iter().copied().for_each(&mut deny);
    }
    if arch == TargetArch::x86_64 {
        // x32's own numbers of execve, execveat, ptrace, process_vm_*.
        for nr in [520, 545, 521, 539, 540] {
            denied.insert(nr | X32, Vec::new());
        }
    }
    // clone(flags, ...) without CLONE_THREAD: a new process.
    let new_process = SeccompRule::new(vec![
        SeccompCondition::new(
            0,
            SeccompCmpArgLen::Qword,
            SeccompCmpOp::MaskedEq(libc::CLONE_THREAD as u64),
            0,
        )
        .map_err(err)?,
    ])
    .map_err(err)?;
    denied.insert(libc::SYS_clone, vec![new_process]);
    let filter = SeccompFilter::new(
        denied,
        SeccompAction::Allow,
        SeccompAction::Errno(libc::EPERM as u32),
        arch,
    )
    .map_err(err)?;
    let clone3 = SeccompFilter::new(
        BTreeMap::from([(libc::SYS_clone3, Vec::new())]),
        SeccompAction::Allow,
        SeccompAction::Errno(libc::ENOSYS as u32),
        arch,
    )
    .map_err(err)?;
    for filter in [filter, clone3] {
        let program: BpfProgram = filter.try_into().map_err(err)?;
        seccompiler::apply_filter_all_threads(&program).map_err(err)?;
    }
    Ok(())
}

/// Set a resource limit: `soft` (a signal), `hard` (the end).
#[expect(unsafe_code, reason = "setrlimit: see SAFETY")]
fn limit(resource: libc::__rlimit_resource_t, soft: u64, hard: u64) -> Result<(), String> {
    let rlim = libc::rlimit {
        rlim_cur: soft,
        rlim_max: hard,
    };
    // SAFETY: setrlimit reads the struct passed by reference.
    if unsafe { libc::setrlimit(resource, &rlim) } != 0 {
        return Err(format!("setrlimit: {}", std::io::Error::last_os_error()));
    }
    Ok(())
}

/// The kernel's CPU-time limit ends the page with a report and
/// [`super::super::run::STOPPED`]'s exit status, as the watchdog does,
/// instead of `SIGXCPU`'s core dump.
#[expect(unsafe_code, reason = "a signal handler: see SAFETY")]
fn on_cpu_limit() {
    extern "C" fn stop(_: libc::c_int) {
        const MESSAGE: &[u8] =
            b"ecsdom: the page used all the CPU time the sandbox gives it; stopped\n";
        // SAFETY: write and _exit are async-signal-safe.
        unsafe {
            libc::write(2, MESSAGE.as_ptr().cast(), MESSAGE.len());
            libc::_exit(super::super::run::STOPPED);
        }
    }
    // SAFETY: installs a handler that only calls async-signal-safe
    // functions.
    unsafe {
        libc::signal(libc::SIGXCPU, stop as *const () as libc::sighandler_t);
    }
}
