//! Production sending: email through Amazon SES, text messages through Amazon SNS.

use super::{Message, Messenger, SendError};
use async_trait::async_trait;
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent};

pub struct AwsMessenger {
    pub ses: aws_sdk_sesv2::Client,
    pub sns: aws_sdk_sns::Client,
    /// The verified SES sender, `SHOWUP_MAIL_FROM`.
    pub from: String,
}

impl AwsMessenger {
    pub fn new(sdk: &aws_config::SdkConfig, from: String) -> Self {
        Self { ses: aws_sdk_sesv2::Client::new(sdk), sns: aws_sdk_sns::Client::new(sdk), from }
    }
}

fn failed(to: &str, e: impl std::error::Error) -> SendError {
    SendError {
        to: to.to_owned(),
        reason: aws_sdk_sesv2::error::DisplayErrorContext(e).to_string(),
    }
}

#[async_trait]
impl Messenger for AwsMessenger {
    async fn send(&self, m: &Message) -> Result<(), SendError> {
        if m.to.contains('@') {
            let text = |s: &str| Content::builder().data(s).charset("UTF-8").build();
            let subject = text(&m.subject).map_err(|e| failed(&m.to, e))?;
            let body = text(&m.body).map_err(|e| failed(&m.to, e))?;
            let email = aws_sdk_sesv2::types::Message::builder()
                .subject(subject)
                .body(Body::builder().text(body).build())
                .build();
            self.ses
                .send_email()
                .from_email_address(&self.from)
                .destination(Destination::builder().to_addresses(&m.to).build())
                .content(EmailContent::builder().simple(email).build())
                .send()
                .await
                .map_err(|e| failed(&m.to, e))?;
        } else {
            self.sns
                .publish()
                .phone_number(&m.to)
                .message(&m.body)
                .send()
                .await
                .map_err(|e| failed(&m.to, e))?;
        }
        Ok(())
    }
}
