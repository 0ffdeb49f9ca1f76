//! Parallel script scheduling: many scripts of both languages against one
//! document, round after round, with the result of running them one at a
//! time in document order.
//!
//! A round has three steps:
//! 1. **Read and record.** Every task reads the document as the round
//!    began (an `Arc<Document>` snapshot, shared with no lock) and records
//!    its writes into a `CommandBuffer`. JS tasks have a QuickJS runtime
//!    each (`JsTask`), on lanes (one thread each); Python tasks
//!    (`PyTaskRecorder`) run on lane 0, the calling thread, under the GIL.
//! 2. **Apply.** The scheduler takes the document back (`Arc::get_mut`:
//!    every task has returned its snapshot) and applies the buffers in the
//!    scripts' order as one run (`Document::apply_in_order`) with the GIL
//!    released: disjoint per-node writes in parallel, and where buffers
//!    touch the same node the later script wins. Which buffers conflicted
//!    is worked out on another thread meanwhile.
//! 3. **Placement** (once, when the scheduler is made). JS runtimes cannot
//!    move between threads, so JS scripts are placed on lanes by a dry run
//!    of one script of each language on scratch tasks (buffers thrown
//!    away): each goes to the least loaded lane, lane 0 starting with all
//!    the Python work, so no core is oversubscribed.

use std::sync::Arc;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::embed::ScriptHost;
use crate::task::PyTaskRecorder;
use dom_ecs::{CommandBuffer, Conflict, Document};
use js_bridge::{JsTask, Limits};
use pyo3::prelude::*;

/// The language of a scheduled script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// JavaScript, in a QuickJS task.
    Js,
    /// Python, in the embedded interpreter.
    Python,
}

/// One scheduled script: its language and the source run once when its
/// task is made (defining what the per-round calls use).
#[derive(Clone, Debug)]
pub struct Script {
    /// Its language.
    pub language: Language,
    /// Run once in the script's own globals when its task is made.
    pub setup: String,
}

/// What one round did.
#[derive(Clone, Debug, Default)]
pub struct Round {
    /// Reading and recording (every task's run).
    pub tasks: Duration,
    /// Applying the buffers.
    pub apply: Duration,
    /// Commands applied, over all buffers.
    pub commands: usize,
    /// Buffers (by script) that wrote some of the same nodes.
    pub conflicts: Vec<Conflict>,
    /// Script errors and failed commands, as text (`script K: ...`).
    pub errors: Vec<String>,
}

/// A worker lane's orders: run a round's calls of your scripts on this
/// snapshot, or stop.
enum Order {
    Round(Arc<Vec<String>>, Arc<Document>),
    Stop,
}

type Done = (usize, (Result<(), String>, CommandBuffer));

/// Runs scripts in rounds on one document; see the module docs.
pub struct Scheduler {
    doc: Arc<Document>,
    lanes: Vec<Vec<usize>>,
    workers: Vec<(mpsc::Sender<Order>, JoinHandle<()>)>,
    done: mpsc::Receiver<Done>,
    main_js: Vec<(usize, JsTask)>,
    py_tasks: Vec<(usize, PyTaskRecorder, ScriptHost)>,
    scripts: usize,
}

/// JS tasks for `scripts` (by index), each with its own runtime made on
/// the calling thread, their setup run.
fn js_tasks(scripts: &[Script], which: &[usize]) -> Result<Vec<(usize, JsTask)>, String> {
    which
        .iter()
        .map(|&k| {
            let task = JsTask::new(Limits::default()).map_err(|e| e.to_string())?;
            task.run_script(&scripts[k].setup, "setup.js")
                .map_err(|e| format!("script {k}: {e}"))?;
            Ok((k, task))
        })
        .collect()
}

/// A Python task: its recorder and its own globals, its setup run.
fn py_task(
    py: Python<'_>,
    doc: &Document,
    script: &Script,
) -> Result<(PyTaskRecorder, ScriptHost), String> {
    let rec = PyTaskRecorder::new();
    let document = rec.document(py, doc.root()).map_err(|e| e.to_string())?;
    let host =
        ScriptHost::with_document_global(py, document.as_any()).map_err(|e| e.to_string())?;
    host.run_script(py, &script.setup, "setup.py")?;
    Ok((rec, host))
}

impl Scheduler {
    /// Make the tasks and place the JS ones on `threads` lanes, after a dry
    /// run of `calls` (one round's calls, by script) for the first script
    /// of each language.
    ///
    /// # Errors
    /// A script's setup failing, or QuickJS not starting.
    pub fn new(
        py: Python<'_>,
        doc: Document,
        scripts: &[Script],
        calls: &[String],
        threads: usize,
    ) -> Result<Scheduler, String> {
        let doc = Arc::new(doc);
        let (py_cost, js_cost) = calibrate(py, &doc, scripts, calls)?;
        let lanes = plan_lanes(scripts, threads, py_cost, js_cost);
        let (done_tx, done) = mpsc::channel::<Done>();
        let mut workers = Vec::new();
        for lane in lanes.iter().skip(1).filter(|l| !l.is_empty()) {
            let (mine, all) = (lane.clone(), scripts.to_vec());
            let (tx, rx) = mpsc::channel::<Order>();
            let done = done_tx.clone();
            let (ready_tx, ready_rx) = mpsc::channel::<Result<(), String>>();
            let handle = std::thread::spawn(move || {
                let tasks = match js_tasks(&all, &mine) {
                    Ok(t) => {
                        let _ = ready_tx.send(Ok(()));
                        t
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                while let Ok(Order::Round(calls, snapshot)) = rx.recv() {
                    let results: Vec<Done> = tasks
                        .iter()
                        .map(|(k, task)| (*k, task.run(snapshot.clone(), &calls[*k], "round.js")))
                        .collect();
                    // Give the snapshot back before answering.
                    drop(snapshot);
                    for result in results {
                        if done.send(result).is_err() {
                            return;
                        }
                    }
                }
            });
            ready_rx
                .recv()
                .map_err(|_| "a lane thread ended".to_owned())??;
            workers.push((tx, handle));
        }
        let main_js = js_tasks(scripts, &lanes[0])?;
        let mut py_tasks = Vec::new();
        for (k, s) in scripts.iter().enumerate() {
            if s.language == Language::Python {
                let (rec, host) = py_task(py, &doc, s)?;
                py_tasks.push((k, rec, host));
            }
        }
        Ok(Scheduler {
            doc,
            lanes,
            workers,
            done,
            main_js,
            py_tasks,
            scripts: scripts.len(),
        })
    }

    /// Run one round: `calls[k]` in script `k`'s task, then apply every
    /// buffer in script order.
    pub fn round(&mut self, py: Python<'_>, calls: Vec<String>) -> Round {
        let mut report = Round::default();
        let started = Instant::now();
        let calls = Arc::new(calls);
        for (tx, _) in &self.workers {
            // A lane that ended reports nothing; its scripts' buffers are missing.
            let _ = tx.send(Order::Round(calls.clone(), self.doc.clone()));
        }
        let mut buffers: Vec<Option<CommandBuffer>> = (0..self.scripts).map(|_| None).collect();
        let mut record = |k: usize, (result, buffer): (Result<(), String>, CommandBuffer)| {
            if let Err(e) = result {
                report.errors.push(format!("script {k}: {e}"));
            }
            buffers[k] = Some(buffer);
        };
        // Lane 0: the Python tasks, under the GIL, then this lane's JS.
        for (k, rec, host) in &self.py_tasks {
            rec.begin(self.doc.clone());
            let result = host.run_script(py, &calls[*k], "round.py");
            record(*k, (result, rec.end()));
        }
        for (k, task) in &self.main_js {
            record(*k, task.run(self.doc.clone(), &calls[*k], "round.js"));
        }
        let on_workers: usize = self.lanes.iter().skip(1).map(Vec::len).sum();
        for _ in 0..on_workers {
            match self.done.recv() {
                Ok((k, done)) => record(k, done),
                Err(_) => break,
            }
        }
        drop(calls);
        let applying = Instant::now();
        report.tasks = applying - started;
        let doc = &mut self.doc;
        let (commands, conflicts, errors) = py.detach(|| {
            let ordered: Vec<&CommandBuffer> = buffers.iter().flatten().collect();
            let commands = ordered.iter().map(|b| b.len()).sum::<usize>();
            // Every task has given its snapshot back: the scheduler owns
            // the document again.
            let d = Arc::get_mut(doc).expect("no task holds the snapshot");
            std::thread::scope(|s| {
                let found = s.spawn(|| CommandBuffer::conflicts(&ordered));
                let errors = d.apply_in_order(&ordered).errors;
                (commands, found.join().unwrap_or_default(), errors)
            })
        });
        report.commands = commands;
        report.conflicts = conflicts;
        for (b, e) in errors {
            report.errors.push(format!(
                "buffer {b}: command {} failed: {:?}",
                e.index, e.error
            ));
        }
        report.apply = applying.elapsed();
        report
    }

    /// The document as the last round left it.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The scripts (by index) on each lane; lane 0 is the calling thread.
    pub fn lanes(&self) -> &[Vec<usize>] {
        &self.lanes
    }
}

impl Drop for Scheduler {
    fn drop(&mut self) {
        for (tx, handle) in self.workers.drain(..) {
            let _ = tx.send(Order::Stop);
            let _ = handle.join();
        }
    }
}

/// How long one call of the first script of each language takes, on
/// scratch tasks whose buffers are thrown away (recording has no effect on
/// the document, so a dry run is free of side effects): the fastest of
/// three runs, so start-up costs and a noisy moment of a shared machine do
/// not count (with two, a run once put every JS script on one lane).
fn calibrate(
    py: Python<'_>,
    doc: &Arc<Document>,
    scripts: &[Script],
    calls: &[String],
) -> Result<(Duration, Duration), String> {
    const RUNS: usize = 3;
    let first = |l: Language| scripts.iter().position(|s| s.language == l);
    let mut py_cost = Duration::ZERO;
    if let Some(k) = first(Language::Python) {
        let (rec, host) = py_task(py, doc, &scripts[k])?;
        py_cost = Duration::MAX;
        for _ in 0..RUNS {
            rec.begin(doc.clone());
            let t = Instant::now();
            let _ = host.run_script(py, &calls[k], "calibrate.py");
            py_cost = py_cost.min(t.elapsed());
            rec.end();
        }
    }
    let mut js_cost = Duration::ZERO;
    if let Some(k) = first(Language::Js) {
        let tasks = js_tasks(scripts, &[k])?;
        js_cost = Duration::MAX;
        for _ in 0..RUNS {
            let t = Instant::now();
            let _ = tasks[0].1.run(doc.clone(), &calls[k], "calibrate.js");
            js_cost = js_cost.min(t.elapsed());
        }
    }
    Ok((py_cost, js_cost))
}

/// Spread the JS scripts over `threads` lanes (lane 0 is the calling
/// thread, which first runs every Python task): each goes to the least
/// loaded lane, so no core is oversubscribed and the lanes finish together.
fn plan_lanes(
    scripts: &[Script],
    threads: usize,
    py_cost: Duration,
    js_cost: Duration,
) -> Vec<Vec<usize>> {
    let lanes = threads.max(1);
    let mut load = vec![Duration::ZERO; lanes];
    let py_count = scripts
        .iter()
        .filter(|s| s.language == Language::Python)
        .count();
    load[0] = py_cost.saturating_mul(u32::try_from(py_count).unwrap_or(u32::MAX));
    let mut plan = vec![Vec::new(); lanes];
    for (k, _) in scripts
        .iter()
        .enumerate()
        .filter(|(_, s)| s.language == Language::Js)
    {
        let lane = (0..lanes).min_by_key(|&l| load[l]).unwrap_or(0);
        load[lane] = load[lane].saturating_add(js_cost);
        plan[lane].push(k);
    }
    plan
}
