//! The context every command runs with: the terminal, resolved settings, and a client built
//! only when a command first needs one (so `completions` and `serve` never pay for it).

use std::sync::OnceLock;

use crate::client::Client;
use crate::config::Settings;
use crate::ui::Ui;

pub struct Context {
    pub ui: Ui,
    pub settings: Settings,
    client: OnceLock<Client>,
}

impl Context {
    pub fn new(ui: Ui, settings: Settings) -> Context {
        Context {
            ui,
            settings,
            client: OnceLock::new(),
        }
    }

    /// The query API client for the configured endpoint.
    pub fn client(&self) -> &Client {
        self.client.get_or_init(|| {
            Client::new(self.settings.endpoint.clone(), self.settings.token.as_ref())
        })
    }
}
