//! OpenAPI schemas of the coded values of the cases API: a string whose allowed values are the
//! domain enum's codes (`ALL` / `code()`), so the document lists exactly what the API sends and
//! accepts and cannot drift from the domain.

use serde_json::Value;
use sinergi_domain::cases::assistance::{Outcome, Service};
use sinergi_domain::cases::case::CaseStatus;
use sinergi_domain::cases::charges::Combination;
use sinergi_domain::cases::coordination_record::NotificationKind;
use sinergi_domain::cases::legal::{Regime, Stage};
use sinergi_domain::cases::meeting::{ActionState, BulletinKind};
use sinergi_domain::cases::referral::{ReferralEvent, ReferralState};
use sinergi_domain::cases::tip::{Severity, TipChannel, TipStatus};
use sinergi_domain::cases::{CaseKind, PersonRole};
use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaType, Type};

/// A string schema allowing `codes` (and `null` when `nullable`).
fn coded(description: &str, codes: Vec<&'static str>, nullable: bool) -> Object {
    let mut values: Vec<Value> = codes.into_iter().map(Value::from).collect();
    let ty = if nullable {
        values.push(Value::Null);
        SchemaType::from_iter([Type::String, Type::Null])
    } else {
        SchemaType::from(Type::String)
    };
    ObjectBuilder::new()
        .schema_type(ty)
        .description(Some(description))
        .enum_values(Some(values))
        .build()
}

/// Declares one schema function per coded enum.
macro_rules! code_schemas {
    ($($name:ident: $ty:ty, $nullable:literal, $desc:literal;)*) => {$(
        #[doc = concat!("Schema: ", $desc)]
        pub(crate) fn $name() -> Object {
            coded($desc, <$ty>::ALL.iter().map(|v| v.code()).collect(), $nullable)
        }
    )*};
}

code_schemas! {
    case_kind_codes: CaseKind, false, "Kind of crime.";
    person_role_codes: PersonRole, false, "Role of the person in the case.";
    case_status_codes: CaseStatus, false, "Where the case stands.";
    regime_codes: Regime, false, "Procedural regime (KUHAP) by the start date.";
    stage_codes: Stage, false, "Stage of the legal process.";
    stage_or_null_codes: Stage, true, "Current stage, if any recorded.";
    referral_state_codes: ReferralState, false, "Where the referral stands.";
    referral_event_codes: ReferralEvent, false, "What happens to the referral.";
    action_state_codes: ActionState, false, "State of the action item.";
    bulletin_kind_codes: BulletinKind, false, "What the bulletin warns about.";
    notification_kind_codes: NotificationKind, false, "What the notification is about.";
    tip_channel_codes: TipChannel, false, "How the tip came in.";
    severity_codes: Severity, false, "How urgent the tip is.";
    tip_status_codes: TipStatus, false, "Where the tip stands.";
    combination_codes: Combination, false, "How the lines combine (cumulative: \"dan\"; alternative: \"atau\").";
    service_codes: Service, false, "Assistance service.";
    outcome_codes: Outcome, false, "Outcome of the service.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coded_schemas_list_the_domain_codes_and_null_only_when_nullable() {
        let stage = serde_json::to_value(stage_codes()).expect("json");
        let values = stage["enum"].as_array().expect("enum");
        assert_eq!(values.len(), Stage::ALL.len());
        assert!(values.contains(&Value::from("tahap_1")), "{stage}");
        assert!(!values.contains(&Value::Null));
        let maybe = serde_json::to_value(stage_or_null_codes()).expect("json");
        assert!(
            maybe["enum"]
                .as_array()
                .expect("enum")
                .contains(&Value::Null)
        );
    }
}
