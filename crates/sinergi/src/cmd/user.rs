//! `sinergi user add|list`.

use crate::config::Config;
use crate::server::open_app;
use sinergi_app::auth::{Caller, NewUser, random_password};
use sinergi_domain::access::Role;
use std::io::BufRead;

/// User commands.
#[derive(Debug, clap::Subcommand)]
pub enum UserCommand {
    /// Create an account. Without --password-stdin a random password is generated and printed once.
    Add {
        /// Login name (a-z, 0-9, '.', '_', '-').
        #[arg(long)]
        username: String,
        /// Name shown in the interface.
        #[arg(long)]
        display_name: String,
        /// Agency code (see `sinergi agencies`).
        #[arg(long)]
        agency: String,
        /// Role: admin, supervisor, immigration_officer, coordinator, labour_officer,
        /// investigator, prosecutor, caseworker, analyst.
        #[arg(long)]
        role: Role,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a new password (random, printed once, or from stdin); ends the user's sessions.
    ResetPassword {
        /// Login name.
        #[arg(long)]
        username: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
}

fn password(from_stdin: bool) -> anyhow::Result<(String, bool)> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok((line.trim_end_matches(['\r', '\n']).to_string(), false))
    } else {
        Ok((random_password()?, true))
    }
}

/// Runs a user command.
pub async fn run(config: &Config, command: UserCommand) -> anyhow::Result<()> {
    let app = open_app(config).await?;
    match command {
        UserCommand::Add {
            username,
            display_name,
            agency,
            role,
            password_stdin,
        } => {
            let (pw, generated) = password(password_stdin)?;
            let user = app
                .add_user(
                    Caller::Operator,
                    NewUser {
                        username,
                        display_name,
                        agency_code: agency,
                        role,
                        password: pw.clone(),
                    },
                )
                .await?;
            outln!(
                "Created {} ({}) at {}",
                user.username,
                user.role,
                user.agency_code
            );
            if generated {
                outln!("Password (shown once): {pw}");
            }
        }
        UserCommand::ResetPassword {
            username,
            password_stdin,
        } => {
            let (pw, generated) = password(password_stdin)?;
            app.reset_password(&username, &pw).await?;
            outln!("Password of {username} changed; its sessions ended.");
            if generated {
                outln!("Password (shown once): {pw}");
            }
        }
    }
    app.close().await;
    Ok(())
}
