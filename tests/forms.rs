//! Form controls and activation behavior
//! (<https://dom.spec.whatwg.org/#eventtarget-activation-behavior>), both
//! languages on one page: `click()` toggles a checkbox (undone when a
//! listener cancels), checks a radio button and unchecks its group, fires
//! `input` and `change`; a label clicks its control; submit and reset
//! buttons fire `submit` and `reset` at their form; values and their
//! dirty flags; hyperlinks to a fragment fire `hashchange`, `javascript:`
//! ones run their script.

mod common;

use common::{dump_strict, ecsdom, page, text};

const FORM: &str = "<!DOCTYPE html><body>\
    <form id=f><input type=checkbox id=c><input type=radio name=r id=r1 checked>\
    <input type=radio name=r id=r2><label id=l>L <input type=checkbox id=lc></label>\
    <input id=t value=' a&#10;b '><textarea id=ta>x</textarea>\
    <button id=b>go</button><input type=reset id=rs></form>";

#[test]
fn clicks_activate_controls_in_both_languages_alike() {
    let js = "<script>\
        const log = [], $ = (id) => document.getElementById(id);\
        for (const k of ['input', 'change', 'submit', 'reset']) document.addEventListener(k, (e) => log.push(k + ':' + e.target.id), true);\
        $('c').click(); log.push($('c').checked);\
        $('c').addEventListener('click', (e) => e.preventDefault(), { once: true });\
        $('c').click(); log.push($('c').checked);\
        $('r2').click(); log.push($('r1').checked, $('r2').checked);\
        $('l').click(); log.push($('lc').checked, $('l').control.id, $('l').form.id);\
        log.push(JSON.stringify($('t').value));\
        $('t').value = 'typed'; $('ta').value = 'new';\
        log.push($('t').value, $('t').getAttribute('value').length, $('ta').value, $('ta').defaultValue, $('ta').textLength);\
        $('f').addEventListener('submit', (e) => e.preventDefault());\
        $('b').click(); $('rs').click();\
        log.push($('c').checked, $('r1').checked, JSON.stringify($('t').value), $('ta').value);\
        $('c').disabled = true; $('c').click(); log.push($('c').checked);\
        const m = new MouseEvent('click', { bubbles: true }); $('lc').dispatchEvent(m); log.push($('lc').checked);\
        $('lc').dispatchEvent(new Event('click', { bubbles: true })); log.push($('lc').checked);\
        document.body.setAttribute('js', log.join(' '));\
        </script>";
    let py = "<script type=text/python>\n\
import ecsdom\n\
log = []\n\
def by(i):\n    return document.getElementById(i)\n\
for k in ['input', 'change', 'submit', 'reset']:\n    document.addEventListener(k, lambda e, k=k: log.append(k + ':' + e.target.id), True)\n\
by('c').disabled = False\n\
by('c').click(); log.append(str(by('c').checked))\n\
by('r1').click(); log.append(str(by('r1').checked) + str(by('r2').checked))\n\
by('l').click(); log.append(str(by('lc').checked))\n\
by('c').dispatchEvent(ecsdom.MouseEvent('click', bubbles=True)); log.append(str(by('c').checked))\n\
by('c').dispatchEvent(ecsdom.Event('click', bubbles=True)); log.append(str(by('c').checked))\n\
by('t').value = 'x\\ny'; log.append(by('t').value)\n\
document.body.setAttribute('py', ' '.join(log))\n\
</script>";
    let p = page("forms", &format!("{FORM}{js}{py}"));
    let dump = dump_strict(&p);
    // (The second click is canceled: the checkbox flips back. The reset
    // button restores the checkedness and values the attributes give.)
    let js_log = "input:c change:c true true input:r2 change:r2 false true \
        input:lc change:lc true lc f \" ab \" typed 5 new x 3 submit:f reset:f \
        false true \" ab \" x false input:lc change:lc true true";
    assert!(
        dump.contains(&format!("js=\"{}\"", js_log.replace('"', "&quot;"))),
        "{dump}"
    );
    // (r1 is checked again after the reset: clicking it changes nothing.)
    let py_log = "input:c change:c True TrueFalse input:lc change:lc False \
        input:c change:c False False xy";
    assert!(dump.contains(&format!("py=\"{py_log}\"")), "{dump}");
}

#[test]
fn links_and_location_move_to_fragments_and_run_javascript_urls() {
    let p = page(
        "links",
        "<!DOCTYPE html><body><a id=frag href='#there'>x</a><a id=js href='javascript:document.body.setAttribute(\"ran\",%20location.hash)'>y</a>\
         <a id=out href='https://example.com/'>z</a><p id=there></p><script>\
         const seen = [];\
         addEventListener('hashchange', (e) => seen.push([e.constructor.name, e.newURL.split('#')[1], e.oldURL.split('#')[1] ?? '', document.querySelector(':target')?.id].join('/')));\
         document.getElementById('frag').click();\
         document.body.setAttribute('sync', location.hash);\
         document.getElementById('js').click();\
         document.getElementById('out').click();\
         setTimeout(() => { location.hash = 'there'; location.hash = '#x'; document.location = '#y'; setTimeout(() => document.body.setAttribute('js', seen.join(' ')), 0); }, 0);\
         </script><script type=text/python>\n\
def later():\n    window.location.hash = 'py'\n\
def heard(e):\n    if e.newURL.endswith('#py'):\n        document.body.setAttribute('py', type(e).__name__ + ' ' + window.location.hash)\n\
window.addEventListener('hashchange', heard)\n\
window.setTimeout(later, 5)\n\
</script>",
    );
    let out = ecsdom(&["run", p.to_str().unwrap(), "--dump-dom"]);
    let dump = text(&out.stdout);
    // The hash is the same one twice: the second write navigates nowhere.
    assert!(
        dump.contains(
            "<body sync=\"#there\" ran=\"#there\" js=\"HashChangeEvent/there//there HashChangeEvent/x/there/ HashChangeEvent/y/x/\" py=\"HashChangeEvent #py\">"
        ),
        "{dump}\n{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stderr).contains("navigation to https://example.com/ was not done"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_submit_is_a_submit_event_that_stops_at_an_enclosing_form() {
    let p = page(
        "submit",
        "<!DOCTYPE html><body><form id=outer><div id=d></div></form><script>\
         const log = [];\
         document.getElementById('outer').addEventListener('submit', () => log.push('outer'));\
         document.getElementById('d').addEventListener('submit', (e) => log.push('div:' + e.target.id));\
         const inner = document.createElement('form'); inner.id = 'inner';\
         inner.addEventListener('submit', (e) => { e.preventDefault(); log.push(e.constructor.name + ':' + e.submitter.id + ':' + e.bubbles); });\
         const b = document.createElement('button'); b.id = 'b'; inner.append(b);\
         document.getElementById('d').append(inner);\
         b.click();\
         document.body.setAttribute('log', log.join(' '));\
         </script>",
    );
    let dump = dump_strict(&p);
    assert!(
        dump.contains("<body log=\"SubmitEvent:b:true div:inner\">"),
        "{dump}"
    );
}

#[test]
fn a_summary_click_toggles_its_details_and_toggle_fires_as_a_task() {
    let p = page(
        "details",
        "<!DOCTYPE html><body><details id=d><summary id=s>S</summary>text</details><script>\
         const d = document.getElementById('d'), log = [];\
         d.addEventListener('toggle', (e) => log.push('toggle:' + d.open + ':' + e.isTrusted));\
         document.getElementById('s').click();\
         log.push('open:' + d.open);\
         d.open = false; d.open = true;\
         setTimeout(() => document.body.setAttribute('js', log.join(' ')), 0);\
         </script><script type=text/python>\n\
d = document.getElementById('d')\n\
seen = []\n\
d.addEventListener('toggle', lambda e: seen.append(str(d.open)))\n\
def later():\n    d.open = False\n    window.setTimeout(lambda: document.body.setAttribute('py', ' '.join(seen)), 0)\n\
window.setTimeout(later, 5)\n\
</script>",
    );
    let dump = dump_strict(&p);
    // One toggle for the three changes made in one task (HTML coalesces).
    assert!(dump.contains("js=\"open:true toggle:true:true\""), "{dump}");
    assert!(dump.contains("py=\"False\""), "{dump}");
}

#[test]
fn select_shows_one_option_and_follows_value_and_selected_index_in_both_languages() {
    let p = page(
        "select",
        "<!DOCTYPE html><body><form id=f><select id=s><option disabled>z<option>a<option value=B selected>b\
         <optgroup><option>  c  d </option></optgroup></select><select id=m multiple><option>x<option selected>y</select>\
         <input type=reset id=r></form><script>\
         const s = document.getElementById('s'), m = document.getElementById('m'), out = [];\
         out.push(s.type, s.selectedIndex, s.value, s.options.length, s.options[3].label, s.item(2).value, s.options[3].index);\
         s.value = 'c d'; out.push(s.selectedIndex, s.options[2].selected);\
         s.options[3].selected = false; out.push(s.selectedIndex, s.value);\
         s.selectedIndex = -1; out.push(s.value);\
         out.push(m.type, m.selectedIndex, m.selectedOptions.length);\
         m.options[0].selected = true; out.push(m.selectedOptions.length);\
         document.getElementById('r').click(); out.push(s.value, m.selectedOptions.length, s.options[0].form.id);\
         document.body.setAttribute('js', out.join('|'));\
         </script><script type=text/python>\n\
s = document.getElementById('s')\n\
out = [s.type, str(s.selectedIndex), s.value, str(len(s.options)), s.options[3].label]\n\
s.value = 'a'\n\
out += [str(s.selectedIndex), str(s.options[1].selected), str(len(s.selectedOptions))]\n\
document.body.setAttribute('py', '|'.join(out))\n\
</script>",
    );
    let dump = dump_strict(&p);
    // A drop-down shows its last selected option, or else its first enabled
    // one; a multiple select shows what is selected; a reset goes back to
    // the `selected` attributes.
    assert!(
        dump.contains("js=\"select-one|2|B|4|c d|B|3|3|false|1|a|a|select-multiple|1|1|2|B|1|f\""),
        "{dump}"
    );
    assert!(
        dump.contains("py=\"select-one|2|B|4|c d|1|True|1\""),
        "{dump}"
    );
}

/// A modal dialog in both languages: `showModal()` puts it in the top
/// layer, where hit testing finds it (its backdrop over the page) and the
/// rest of the page is blocked; each `close(result)` fires a trusted
/// `close` as a task (JS's, then Python's, before JS's timer).
#[test]
fn a_modal_dialog_is_hit_first_and_closes_with_a_close_task() {
    let p = page(
        "dialog",
        "<!DOCTYPE html><body style='margin:0'><div id=a style='height:40px'></div>\
         <dialog id=d><p id=p>hi</p></dialog><script>\
         const d = document.getElementById('d'), log = [];\
         d.addEventListener('close', (e) => log.push('close:' + d.returnValue + ':' + e.isTrusted));\
         log.push(document.elementFromPoint(5, 5).id);\
         d.showModal();\
         const r = document.getElementById('p').getBoundingClientRect();\
         log.push(document.elementFromPoint(5, 5).id, document.elementFromPoint(r.x + 1, r.y + 1).id, getComputedStyle(d).position);\
         d.close('done');\
         log.push(d.open);\
         setTimeout(() => document.body.setAttribute('js', log.join(' ')), 0);\
         </script><script type=text/python>\n\
d = document.getElementById('d')\n\
d.showModal()\n\
document.body.setAttribute('py', ' '.join([document.elementFromPoint(5, 5).id, str(d.matches(':modal'))]))\n\
d.close()\n\
</script>",
    );
    let dump = dump_strict(&p);
    assert!(
        dump.contains("js=\"a d p fixed false close:done:true close:done:true\""),
        "{dump}"
    );
    assert!(dump.contains("py=\"d True\""), "{dump}");
}
