//! Profiling helper: set the text of 98k elements many times.
fn main() {
    let mut html = String::from("<!DOCTYPE html><body>");
    for n in 0..98000 {
        html.push_str(&format!("<li id=\"item-{n}\" class=\"item\">Item {n}</li>"));
    }
    let mut d = ecsdom::Document::parse(&html);
    let items = d.get_elements_by_class_name(d.root(), "item").unwrap();
    for _ in 0..50 {
        for &e in &items {
            d.set_text_content(e, "Updated").unwrap();
        }
    }
}
