//! Cross-document messaging: `window.postMessage`
//! (<https://html.spec.whatwg.org/#web-messaging>). A bridge serializes the
//! message and calls [`Document::post_message`]; the message is queued
//! for the host, which takes it ([`Document::take_posted_messages`]) and,
//! as a task, asks [`Document::message_event_init`] whether the target
//! window's document is still of the origin the sender named, and fires
//! the `MessageEvent` with the members it gives.

use std::sync::Arc;

use bevy_ecs::prelude::*;
use url::{Origin, Url};

use crate::events::EventValue;
use crate::structured::Serialized;
use crate::{Document, DomError, DomResult, NodeId};

/// Which documents a message may reach.
#[derive(Clone, Debug)]
enum TargetOrigin {
    /// `"*"`: any.
    Any,
    /// An origin (`"/"`: the sender's).
    Origin(Origin),
    /// `"/"` from a document of an opaque origin: only that document.
    Document(NodeId),
}

/// A message posted and not yet delivered.
#[derive(Clone, Debug)]
pub struct PostedMessage {
    /// The window it goes to.
    pub target: NodeId,
    /// The window that sent it (`MessageEvent.source`).
    pub source: NodeId,
    /// The sender's origin, serialized (`MessageEvent.origin`).
    origin: String,
    target_origin: TargetOrigin,
    data: Arc<Serialized>,
}

/// Messages posted and not yet taken by the host.
#[derive(Resource, Debug, Default)]
struct Posted(Vec<PostedMessage>);

/// Messages waiting at most (more are dropped, as a flood would be).
const MAX_POSTED: usize = 10_000;

impl Document {
    /// The origin of document `doc`
    /// (<https://html.spec.whatwg.org/#concept-document-origin>): its URL's;
    /// an `about:blank` or `about:srcdoc` iframe document has its parent
    /// document's.
    fn document_origin(&self, doc: NodeId) -> Origin {
        let url = self.url_of(doc).unwrap_or("about:blank");
        if matches!(url, "about:blank" | "about:srcdoc") {
            let parent = self
                .window_of(doc)
                .ok()
                .flatten()
                .and_then(|w| self.frame_element(w).ok().flatten())
                .map(|frame| NodeId(self.node_document(frame.0)));
            if let Some(p) = parent {
                return self.document_origin(p);
            }
        }
        Url::parse(url).map_or_else(
            |_| Url::parse("about:blank").expect("valid").origin(),
            |u| u.origin(),
        )
    }

    /// `window.postMessage(message, targetOrigin)` of window `target`,
    /// called by a script of window `source`
    /// (<https://html.spec.whatwg.org/#window-post-message-steps>), with
    /// `data` the message serialized: queued for delivery as a task.
    ///
    /// # Errors
    /// `SyntaxError` for a `target_origin` that is neither `"*"`, `"/"`
    /// nor an absolute URL; `TypeError` for a target or source that is no
    /// window.
    pub fn post_message(
        &mut self,
        target: NodeId,
        source: NodeId,
        data: Serialized,
        target_origin: &str,
    ) -> DomResult<()> {
        self.document_of_window(target)?;
        let source_doc = self.document_of_window(source)?;
        let origin = self.document_origin(source_doc);
        let target_origin = match target_origin {
            "*" => TargetOrigin::Any,
            "/" if origin.is_tuple() => TargetOrigin::Origin(origin.clone()),
            "/" => TargetOrigin::Document(source_doc),
            other => {
                let url = Url::parse(other).map_err(|_| {
                    DomError::Syntax(format!(
                        "Failed to execute 'postMessage' on 'Window': Invalid target origin '{other}' in a call to 'postMessage'."
                    ))
                })?;
                TargetOrigin::Origin(url.origin())
            }
        };
        let message = PostedMessage {
            target,
            source,
            origin: origin.ascii_serialization(),
            target_origin,
            data: Arc::new(data),
        };
        let mut posted = self.world.get_resource_or_insert_with(Posted::default);
        if posted.0.len() < MAX_POSTED {
            posted.0.push(message);
        }
        Ok(())
    }

    /// The messages posted since the last call, for the host to deliver,
    /// each as a task of its own.
    pub fn take_posted_messages(&mut self) -> Vec<PostedMessage> {
        self.world
            .get_resource_mut::<Posted>()
            .map(|mut p| std::mem::take(&mut p.0))
            .unwrap_or_default()
    }

    /// The init members of the `MessageEvent` that delivers `message`
    /// (`data`, `origin`, `source`), or none when it is not delivered: its
    /// window has no document now, or the document is not of the origin
    /// the sender named.
    pub fn message_event_init(
        &self,
        message: &PostedMessage,
    ) -> Option<Vec<(&'static str, EventValue)>> {
        let doc = self.document_of_window(message.target).ok()?;
        let allowed = match &message.target_origin {
            TargetOrigin::Any => true,
            TargetOrigin::Origin(o) => *o == self.document_origin(doc),
            TargetOrigin::Document(d) => *d == doc,
        };
        allowed.then(|| {
            vec![
                ("data", EventValue::Cloned(message.data.clone())),
                ("origin", EventValue::Text(message.origin.clone())),
                ("source", EventValue::Node(message.source)),
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::{Document, DomError};

    fn page(url: &str) -> Document {
        let mut d = Document::parse("<p>");
        d.set_url(url);
        d
    }

    #[test]
    fn a_message_reaches_the_origin_it_names() {
        let mut d = page("http://a.test/x.html");
        let w = d.window();
        let data = crate::structured::Serialized {
            value: crate::structured::Cloned::Null,
            records: Vec::new(),
        };
        for (origin, delivered) in [
            ("*", true),
            ("/", true),
            ("http://a.test", true),
            ("http://a.test:80/other/path", true),
            ("http://b.test", false),
            ("https://a.test", false),
        ] {
            d.post_message(w, w, data.clone(), origin).unwrap();
            let m = d.take_posted_messages();
            assert_eq!(m.len(), 1);
            let init = d.message_event_init(&m[0]);
            assert_eq!(init.is_some(), delivered, "{origin}");
        }
        assert!(matches!(
            d.post_message(w, w, data, "nonsense"),
            Err(DomError::Syntax(_))
        ));
    }

    #[test]
    fn an_opaque_origin_reaches_its_own_document_with_slash() {
        let mut d = page("file:///tmp/x.html");
        let w = d.window();
        let data = crate::structured::Serialized {
            value: crate::structured::Cloned::Null,
            records: Vec::new(),
        };
        d.post_message(w, w, data.clone(), "/").unwrap();
        d.post_message(w, w, data, "file:///tmp/x.html").unwrap();
        let m = d.take_posted_messages();
        assert!(d.message_event_init(&m[0]).is_some());
        assert!(d.message_event_init(&m[1]).is_none());
        let init = d.message_event_init(&m[0]).unwrap();
        assert!(matches!(&init[1].1, crate::EventValue::Text(o) if o == "null"));
    }
}
