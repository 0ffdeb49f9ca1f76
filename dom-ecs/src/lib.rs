#![doc = include_str!("../README.md")]

mod attr;
pub mod base64;
mod cascade;
mod changes;
mod collection;
mod command;
mod compare;
pub mod cookies;
pub mod crypto;
pub mod cssom;
pub mod custom;
pub mod dict;
mod document;
pub mod dom_string;
mod element;
pub mod encoding;
mod error;
mod event;
mod events;
pub mod fetch;
mod frames;
pub mod geometry;
pub mod html;
mod intern;
mod layout;
mod lifetime;
pub mod memory;
mod mixins;
mod namespaces;
pub mod navigator;
mod node;
mod node_document;
mod node_iterator;
mod observer;
mod parse;
mod range;
mod recorder;
mod script;
mod select;
mod selection;
mod serialize;
mod shadow;
pub mod storage;
pub mod structured;
mod token_list;
mod traversal;
mod tree;
pub mod urls;
mod verify;
mod windows;
mod xpath;

pub use attr::{AttrMap, AttrNode};
pub use cascade::AnimationEventTask;
pub use cascade::AnimationHandle;
pub use cascade::StyleTarget;
pub use changes::{Changes, Checkpoint};
pub use collection::{CollectionKind, LiveCollection};
pub use command::{
    ApplyError, ApplyStats, Command, CommandBuffer, CommandQueue, Conflict, OrderedApply, Target,
    Value,
};
pub use compare::position;
pub use cssom::{DeclarationsOf, Rule, RuleList, StyleDeclarations, StyleSheet, StyleSheets};
pub use document::{Document, QuirksMode};
pub use element::check_class_token;
pub use error::{DomError, DomResult};
pub use events::{
    Callback, Clock, Dispatch, ENGINE_SOURCE, EventId, EventInterface, EventState, EventValue,
    Invocation, ListenerOptions, ListenerTree, Navigation, Phase, RawHandler,
    javascript_url_script,
};
pub use intern::{NameValue, Names, Ns, Prefix, Symbol, WellKnown, symbol_index};
pub use layout::BoxRect;
pub use lifetime::Unpinner;
pub use mixins::NodeOrText;
pub use node::{
    Attribute, Attributes, CharacterData, Doctype, ElementName, Node, NodeId, NodeKind, PiTarget,
    TemplateContents,
};
pub use node_document::Readiness;
pub use node_iterator::{IteratorState, NodeIterator, traverse as iterator_traverse};
pub use observer::{MutationObserver, MutationRecord, ObserverInit, RecordType, Records};
pub use parse::sniff::{decode_page, decode_script, encoding_for_label};
pub use parse::{PARSE_CHUNK, PARSER_MAX_DEPTH, ParseOptions, ParseStopped};
pub use range::{Range, StaticRange, how as range_how};
pub use script::{ScriptEntry, ScriptType};
pub use select::{SelectorTypes, parse_selector};
pub use selection::Selection;
pub use token_list::{TokenAttr, TokenList};
pub use traversal::{Traverser, TreeWalker, node_filter};
pub use tree::{DOM_PARSER_SUPPORTED_TYPES, NullIsEmpty};
pub use tree::{is_valid_attribute_name, is_valid_doctype_name, is_valid_element_name};
pub use urls::{SearchParams, SearchParamsInit, UrlObject};
pub use windows::WindowNamed;
pub use xpath::{XPathExpression, XPathResult, result_type as xpath_result_type};
