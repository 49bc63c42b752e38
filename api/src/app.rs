//! The application below the routes: its stores, clock, policy and messenger. Services take
//! it; HTTP handlers, the command line and the Lambda functions build it.

use crate::auth::cognito::CognitoPool;
use crate::clock::Clock;
use crate::config::{Config, Messages};
use crate::files::ImportBucket;
use crate::files::s3::S3Bucket;
use crate::messaging::Messenger;
use crate::messaging::aws::AwsMessenger;
use crate::store::Store;
use crate::store::audit::AuditLog;
use crate::store::auth::AuthStore;
use crate::store::campaigns::CampaignStore;
use crate::store::cases::CaseStore;
use crate::store::district::DistrictReads;
use crate::store::dynamodb::DynamoStore;
use crate::store::imports::ImportLog;
use crate::store::insights::InsightStore;
use crate::store::interventions::InterventionStore;
use crate::store::notices::NoticeStore;
use crate::store::outreach::{ConnectionStore, OutreachStore};
use crate::store::roll::RollStore;
use shared::Policy;
use std::sync::Arc;

/// What every service and handler shares.
#[derive(Clone)]
pub struct App {
    pub store: Arc<dyn Store>,
    /// A student's own schools and contacts, for their page (not the whole district).
    pub district: Arc<dyn DistrictReads>,
    pub auth: Arc<dyn AuthStore>,
    pub cases: Arc<dyn CaseStore>,
    pub rolls: Arc<dyn RollStore>,
    pub imports: Arc<dyn ImportLog>,
    pub outreach: Arc<dyn OutreachStore>,
    pub connections: Arc<dyn ConnectionStore>,
    pub interventions: Arc<dyn InterventionStore>,
    pub insights: Arc<dyn InsightStore>,
    pub notices: Arc<dyn NoticeStore>,
    pub audit: Arc<dyn AuditLog>,
    pub campaigns: Arc<dyn CampaignStore>,
    pub messenger: Arc<dyn Messenger>,
    pub clock: Arc<dyn Clock>,
    pub policy: Policy,
    /// Set when sign-in through a Cognito user pool is configured.
    pub cognito: Option<Arc<CognitoPool>>,
    /// Set when an import bucket is configured (`SHOWUP_IMPORT_BUCKET`): uploads go there.
    pub import_bucket: Option<Arc<dyn ImportBucket>>,
}

impl App {
    /// Everything on one DynamoDB table; messages to the development outbox unless given.
    pub fn new(
        store: DynamoStore,
        clock: Arc<dyn Clock>,
        messenger: Option<Arc<dyn Messenger>>,
    ) -> Self {
        let store = Arc::new(store);
        let messenger = messenger.unwrap_or_else(|| {
            Arc::new(crate::messaging::DevOutbox { store: store.clone(), clock: clock.clone() })
        });
        Self {
            store: store.clone(),
            district: store.clone(),
            auth: store.clone(),
            cases: store.clone(),
            rolls: store.clone(),
            imports: store.clone(),
            outreach: store.clone(),
            connections: store.clone(),
            interventions: store.clone(),
            insights: store.clone(),
            notices: store.clone(),
            campaigns: store.clone(),
            audit: store,
            messenger,
            clock,
            policy: Policy::default(),
            cognito: None,
            import_bucket: None,
        }
    }

    /// For batch work (recomputing figures, imports): the table and the clock, nothing that
    /// sends or signs in. Messages, should any be asked for, wait in the development outbox.
    pub fn for_batch(store: DynamoStore, clock: Arc<dyn Clock>) -> Self {
        Self::new(store, clock, None)
    }

    /// The state a server runs with, from its configuration: the sender of messages, and
    /// Cognito if configured.
    pub async fn from_config(
        store: DynamoStore,
        config: &Config,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, String> {
        let messenger: Option<Arc<dyn Messenger>> = match config.messages {
            Messages::Outbox => None,
            Messages::Aws => {
                let region = aws_config::Region::new(config.region.clone());
                let sdk = aws_config::defaults(aws_config::BehaviorVersion::latest())
                    .region(region)
                    .load()
                    .await;
                Some(Arc::new(AwsMessenger::new(&sdk, config.mail_from.clone())))
            }
        };
        let mut state = Self::new(store, clock, messenger);
        if let Some(c) = &config.cognito {
            let pool =
                CognitoPool::new(&c.issuer, &c.client_id, &c.jwks).map_err(|e| e.to_string())?;
            state.cognito = Some(Arc::new(pool));
        }
        if let Some(settings) = &config.import_bucket {
            state.import_bucket = Some(Arc::new(S3Bucket::connect(settings, &config.region).await));
        }
        Ok(state)
    }
}
