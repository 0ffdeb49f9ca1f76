//! [`CommandQueue`]: buffers from producer threads over a channel.

use super::*;

/// A channel of command buffers: producers on any thread send, the
/// document's owner drains with [`Document::apply_queue`].
pub struct CommandQueue {
    tx: Sender<CommandBuffer>,
    pub(super) rx: Receiver<CommandBuffer>,
}

impl Default for CommandQueue {
    fn default() -> Self {
        let (tx, rx) = crossbeam_channel::unbounded();
        CommandQueue { tx, rx }
    }
}

impl CommandQueue {
    /// A new, empty queue.
    pub fn new() -> Self {
        Self::default()
    }

    /// A sender for producer threads.
    pub fn sender(&self) -> Sender<CommandBuffer> {
        self.tx.clone()
    }
}
