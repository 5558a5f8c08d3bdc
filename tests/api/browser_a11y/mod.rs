//! Every page checked in a real browser (issue #8).
//!
//! In headless Chromium, with the demo data, every page of every role — public, author,
//! editor, editor-in-chief, administrator, the error pages, and every form empty and with its
//! errors shown — is
//! - checked with axe-core against the WCAG 2.0, 2.1 and 2.2 A and AA rules;
//! - saved exactly as the server sent it, and run through the Nu HTML Checker (vnu.jar, once
//!   over all pages at the end, because the JVM starts slowly);
//! - photographed whole at 1200 px and at 320 px, where it must not scroll sideways.
//!
//! Screenshots and the saved HTML go to `target/a11y/` for a person to look through.
//!
//! Adding a page: add one line to [`visits::visits`]. The inventory test reads the routes
//! registered under `src/web/` and fails when one is neither visited nor in
//! [`visits::NOT_VISITED`].
//!
//! Tools: `PEERDESK_AXE_JS` (axe.min.js) and `PEERDESK_VNU_JAR` (vnu.jar), by default from
//! `tools/a11y/node_modules` (`cd tools/a11y && npm ci --ignore-scripts`), and `java` (or
//! `PEERDESK_JAVA`). Missing tools skip the test with a reason, and fail it under `CI=true`.
//!
//! The parts: [`visits`] (the pages), [`demo`] (the data they show), [`chromium`] (driving
//! the browser and the tools), [`check`] (the test over every page), [`inventory`] (every
//! route visited), [`keyboard`] (two journeys by keyboard alone).

mod check;
mod chromium;
mod demo;
pub(crate) mod inventory;
mod keyboard;
mod visits;
