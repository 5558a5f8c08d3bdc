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
    for command in [
        "serve",
        "migrate",
        "demo",
        "create-admin",
        "reset-two-factor",
        "backup",
        "restore",
    ] {
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

/// Issue #26, item 5: production over plain http does not start, and says what to do.
#[test]
fn production_refuses_to_start_over_plain_http() {
    let dir = ScratchDir::new();
    let out = peerdesk(&dir)
        .env("PEERDESK_ENV", "production")
        .env("PEERDESK_BASE_URL", "http://rc.example")
        .env("PEERDESK_SESSION_SECRET", "x".repeat(64))
        .arg("serve")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("https://"), "{said}");
    assert!(said.contains("PEERDESK_TLS_AT_PROXY"), "{said}");
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

/// `reset-two-factor` on someone without it changes nothing; an unknown address fails with
/// a clear message. (Turning it off for someone who has it: tests/api/two_factor.rs.)
#[test]
fn reset_two_factor_says_what_it_did() {
    let dir = ScratchDir::new();
    assert!(
        peerdesk(&dir)
            .arg("demo")
            .output()
            .unwrap()
            .status
            .success()
    );
    let reset = peerdesk(&dir)
        .args([
            "reset-two-factor",
            "--email",
            "helen.marsh@bmccancer.example",
        ])
        .output()
        .unwrap();
    assert!(reset.status.success());
    assert!(String::from_utf8_lossy(&reset.stdout).contains("had no two-factor sign-in"));
    let nobody = peerdesk(&dir)
        .args(["reset-two-factor", "--email", "nobody@nowhere.example"])
        .output()
        .unwrap();
    assert!(!nobody.status.success());
    assert!(String::from_utf8_lossy(&nobody.stderr).contains("nobody has the address"));
}

/// The log of `serve --demo` written to files, as a service manager would: one line per
/// request at INFO with the route as registered (never the token in the address, nor the
/// query), the redirect to sign-in at INFO too, no colour codes, and no demo password in
/// the log or in standard output (they are in `data/demo-logins.txt` only).
/// Long because it is one run of the server, then its log read for each rule.
#[tokio::test]
async fn the_log_has_one_plain_line_per_request_and_no_secrets() {
    let dir = ScratchDir::new();
    let log_path = dir.0.join("peerdesk.log");
    let out_path = dir.0.join("peerdesk.out");
    let mut child = peerdesk(&dir)
        .env("RUST_LOG", "info,actix_server=warn")
        .env("PEERDESK_BIND", "127.0.0.1:0")
        .env("PEERDESK_WORKERS", "1")
        .args(["serve", "--demo"])
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&log_path).unwrap())
        .spawn()
        .unwrap();
    let read_log = || std::fs::read_to_string(&log_path).unwrap_or_default();
    let mut port = None;
    for _ in 0..600 {
        port = read_log().split("port=").nth(1).and_then(|rest| {
            rest.split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|p| p.parse::<u16>().ok())
        });
        if port.is_some() || child.try_wait().unwrap().is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let Some(port) = port else {
        let _ = child.kill();
        panic!("the server did not start: {}", read_log());
    };
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let token = "a1b2c3d4e5f6a7b8c9d0secrettoken";
    let invitation = client
        .get(format!("{base}/invitations/{token}"))
        .send()
        .await
        .unwrap();
    let invitation_status = format!("status={}", invitation.status().as_u16());
    let redirect = client
        .get(format!("{base}/dashboard"))
        .send()
        .await
        .unwrap();
    assert_eq!(redirect.status(), 303);
    client
        .get(format!("{base}/healthz?key=secretquery"))
        .send()
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let _ = child.kill();
    let _ = child.wait();

    let log = read_log();
    let lines: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("request answered"))
        .collect();
    let invitation_lines: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains("route=/invitations/{token}"))
        .collect();
    assert_eq!(invitation_lines.len(), 1, "{log}");
    assert!(invitation_lines[0].contains(" INFO "), "{log}");
    assert!(invitation_lines[0].contains(&invitation_status), "{log}");
    assert!(invitation_lines[0].contains("method=GET"), "{log}");
    assert!(invitation_lines[0].contains("request_id="), "{log}");
    let dashboard = lines
        .iter()
        .find(|l| l.contains("route=/dashboard"))
        .expect("dashboard line");
    assert!(
        dashboard.contains(" INFO ") && dashboard.contains("status=303"),
        "{dashboard}"
    );
    assert!(lines.iter().any(|l| l.contains("route=/healthz")), "{log}");
    assert!(!log.contains(token), "no token in the log: {log}");
    assert!(
        !log.contains("secretquery"),
        "no query string in the log: {log}"
    );
    assert!(!log.contains(" ERROR "), "nothing failed: {log}");
    assert!(!log.contains('\u{1b}'), "no colour codes in a file: {log}");

    let logins = std::fs::read_to_string(dir.0.join("data/demo-logins.txt")).unwrap();
    let printed = std::fs::read_to_string(&out_path).unwrap();
    assert!(printed.contains("demo-logins.txt"), "{printed}");
    let passwords: Vec<&str> = logins
        .lines()
        .filter(|l| l.contains(".example"))
        .filter_map(|l| l.split_whitespace().last())
        .collect();
    assert!(passwords.len() >= 10, "{logins}");
    for password in passwords {
        assert!(!log.contains(password), "a demo password in the log");
        assert!(
            !printed.contains(password),
            "a demo password in standard output"
        );
    }
}
