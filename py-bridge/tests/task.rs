//! Python tasks for the scheduler, in the embedded interpreter: reads see
//! the snapshot, writes are recorded, errors are the `ecsdom` exceptions,
//! and the node objects are one per node.

use std::sync::Arc;

use dom_ecs::Document;
use ecsdom_py::embed::{ScriptHost, prepare_embedded, setup_embedded};
use ecsdom_py::task::PyTaskRecorder;
use pyo3::prelude::*;

#[test]
fn python_tasks_read_the_snapshot_and_record_writes() {
    prepare_embedded();
    Python::attach(|py| -> PyResult<()> {
        setup_embedded(py)?;
        let mut doc = Arc::new(Document::parse(
            "<body><ul id=list><li class=a>one</li><li>two</li></ul><p id=out></p></body>",
        ));
        let rec = PyTaskRecorder::new();
        let document = rec.document(py, doc.root())?;
        let host = ScriptHost::with_document_global(py, document.as_any())?;
        let outside = host
            .run_script(py, "document.body", "outside.py")
            .unwrap_err();
        assert!(outside.contains("InvalidStateError"), "{outside}");

        rec.begin(doc.clone());
        host.run_script(
            py,
            "import ecsdom\n\
             items = document.getElementById('list').querySelectorAll('li')\n\
             before = items[0].textContent\n\
             items[0].textContent = 'changed'\n\
             after = items[0].textContent\n\
             toggled = items[0].classList.toggle('a')\n\
             items[1].setAttribute('data-x', '1')\n\
             same = items[0] is document.querySelector('li') and items[0] == document.querySelector('li')\n\
             try:\n\
             \x20   items[1].setAttribute('bad name', 'x')\n\
             except ecsdom.InvalidCharacterError as e:\n\
             \x20   caught = type(e).__name__\n\
             try:\n\
             \x20   items[1].classList.add('')\n\
             except ecsdom.SyntaxError:\n\
             \x20   caught += ' SyntaxError'\n\
             document.getElementById('out').setAttribute('seen', f'{before},{after},{toggled},{len(items)},{same},{caught}')\n",
            "round.py",
        )
        .map_err(pyo3::exceptions::PyRuntimeError::new_err)?;
        let buffer = rec.end();
        assert_eq!(buffer.len(), 4, "{:?}", buffer.commands());
        assert!(doc.to_html().contains("<li class=\"a\">one</li>"), "nothing applied yet");
        let d = Arc::get_mut(&mut doc).expect("the recorder gave the snapshot back");
        d.apply(&buffer).expect("applies");
        let html = d.to_html();
        assert!(
            html.contains("<li class=\"\">changed</li><li data-x=\"1\">two</li>"),
            "{html}"
        );
        assert!(
            html.contains("seen=\"one,one,False,2,True,InvalidCharacterError SyntaxError\""),
            "{html}"
        );
        Ok(())
    })
    .unwrap();
}
