//! `sinergi agencies`: the registry with the names in force on a date.

use crate::config::Config;
use crate::server::open_app;

/// Arguments of `sinergi agencies`.
#[derive(Debug, clap::Args)]
pub struct AgenciesArgs {
    /// Show names in force on this date (dd/mm/yyyy or yyyy-mm-dd). Default: today (WIB).
    #[arg(long)]
    pub on: Option<String>,
}

/// Prints the registry.
pub async fn run(config: &Config, args: &AgenciesArgs) -> anyhow::Result<()> {
    let app = open_app(config).await?;
    let day = match &args.on {
        Some(text) => sinergi_domain::dates::parse_date(text, app.clock().now_wib().year())
            .map_err(|e| anyhow::anyhow!("--on: {e}"))?,
        None => app.clock().now_wib().date(),
    };
    for a in app.agencies().await? {
        let parent = a.parent_on(day).unwrap_or("-");
        outln!(
            "{:<24} {:<10} {:<28} {}",
            a.code,
            a.kind.code(),
            parent,
            a.name_on(day)
        );
    }
    app.close().await;
    Ok(())
}
