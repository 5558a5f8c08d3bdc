//! The binary as an operator uses it.

use std::process::Command;

use crate::helpers::ScratchDir;

fn peerdesk(dir: &ScratchDir) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_peerdesk"));
    cmd.current_dir(&dir.0)
        .env_remove("DATABASE_URL")
        .env_remove("PEERDESK_ENV")
        .env_remove("PEERDESK_BASE_URL")
        .env_remove("PEERDESK_SESSION_SECRET")
        .env("PEERDESK_DATA_DIR", dir.0.join("data"))
        .env("RUST_LOG", "warn");
    cmd
}

#[test]
fn every_command_has_help() {
    let dir = ScratchDir::new();
    let out = peerdesk(&dir).arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for command in ["serve", "migrate", "demo", "create-admin"] {
        assert!(text.contains(command), "{command} listed in --help");
        let sub = peerdesk(&dir).args([command, "--help"]).output().unwrap();
        assert!(sub.status.success(), "{command} --help");
        assert!(
            String::from_utf8_lossy(&sub.stdout).contains("Usage: peerdesk"),
            "{command} --help prints usage"
        );
    }
}

#[test]
fn production_mode_names_the_missing_setting() {
    let dir = ScratchDir::new();
    let out = peerdesk(&dir)
        .env("PEERDESK_ENV", "production")
        .arg("serve")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("PEERDESK_BASE_URL"));
    let out = peerdesk(&dir)
        .env("PEERDESK_ENV", "production")
        .env("PEERDESK_BASE_URL", "https://rc.example")
        .arg("serve")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("PEERDESK_SESSION_SECRET"));
}

#[test]
fn demo_data_is_refused_in_production() {
    let dir = ScratchDir::new();
    let out = peerdesk(&dir)
        .env("PEERDESK_ENV", "production")
        .env("PEERDESK_BASE_URL", "https://rc.example")
        .env("PEERDESK_SESSION_SECRET", "x".repeat(64))
        .arg("demo")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("never loaded in production"));
    assert!(!dir.0.join("data/demo-logins.txt").exists());
}

#[test]
fn migrate_demo_and_create_admin_on_a_fresh_database() {
    let dir = ScratchDir::new();
    let out = peerdesk(&dir).arg("migrate").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        first.contains("migration(s) applied") && !first.starts_with("0 "),
        "{first}"
    );
    let again = peerdesk(&dir).arg("migrate").output().unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 migration(s) applied"));

    let demo = peerdesk(&dir).arg("demo").output().unwrap();
    let printed = String::from_utf8_lossy(&demo.stdout).to_string();
    assert!(
        printed.contains("helen.marsh@bmccancer.example"),
        "{printed}"
    );
    assert!(printed.contains("Editorial Board Member"));
    let saved = std::fs::read_to_string(dir.0.join("data/demo-logins.txt")).unwrap();
    assert_eq!(saved.trim(), printed.trim());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.0.join("data/demo-logins.txt"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o077,
            0,
            "the logins file is readable by its owner only"
        );
    }
    let twice = peerdesk(&dir).arg("demo").output().unwrap();
    assert!(
        String::from_utf8_lossy(&twice.stdout).contains("already loaded"),
        "passwords are printed once"
    );

    let mut admin = peerdesk(&dir)
        .args([
            "create-admin",
            "--email",
            "office@bmccancer.example",
            "--name",
            "Editorial Office",
            "--password-stdin",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    admin
        .stdin
        .take()
        .unwrap()
        .write_all(b"a-long-admin-passphrase\n")
        .unwrap();
    let out = admin.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("Administrator office@bmccancer.example created")
    );
}
