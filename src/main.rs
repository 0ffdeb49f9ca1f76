//! The `ecsdom` command: for now it parses a page into the ECS world and
//! prints what a browser's `--dump-dom` would, or runs a selector over it.
//! Running the page's scripts comes with the script bridges.

use std::process::ExitCode;

use ecsdom::Document;

const USAGE: &str = "usage:
  ecsdom dump PAGE.html            parse the page and print its DOM serialized
  ecsdom select PAGE.html SELECTOR print each element matching SELECTOR (outerHTML)
  ecsdom tree PAGE.html            print the DOM in the html5lib test format";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("ecsdom: {msg}");
            ExitCode::from(2)
        }
    }
}

fn load(path: &str) -> Result<Document, String> {
    let html = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    Ok(Document::parse(&String::from_utf8_lossy(&html)))
}

fn run(args: &[String]) -> Result<(), String> {
    match args {
        [cmd, page] if cmd == "dump" => {
            println!("{}", load(page)?.to_html());
            Ok(())
        }
        [cmd, page] if cmd == "tree" => {
            let doc = load(page)?;
            print!(
                "{}",
                doc.to_test_format(doc.root()).map_err(|e| e.to_string())?
            );
            Ok(())
        }
        [cmd, page, selector] if cmd == "select" => {
            let doc = load(page)?;
            let hits = doc
                .query_selector_all(doc.root(), selector)
                .map_err(|e| e.to_string())?;
            for h in hits {
                println!("{}", doc.outer_html(h).map_err(|e| e.to_string())?);
            }
            Ok(())
        }
        _ => Err(USAGE.to_owned()),
    }
}
