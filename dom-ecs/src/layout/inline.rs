//! Inline formatting contexts
//! (<https://drafts.csswg.org/css-inline-3/#inline-formatting-context>):
//! a run of text and inline boxes, laid out as a leaf of the block tree
//! whose width is its container's and whose height is its lines'.
//!
//! ecsdom has no fonts: every character (a space too) advances half the
//! font size (six tenths in a monospace family), and a `normal` line
//! height is 1.2 times the font size. Lines break at collapsible spaces
//! (CSS Text 3's `white-space` rules: collapsing sequences of spaces,
//! preserving them and their newlines for `pre`, no wrapping for `nowrap`
//! and `pre`); each inline box's fragments are the spans of its words on
//! each line, as tall as the line. Atomic inlines (`inline-block`,
//! replaced elements) are laid out as blocks of their own.

use bevy_ecs::prelude::Entity;
use style::properties::ComputedValues;

/// How an inline's text is laid out: its advance per character and its
/// line height, in CSS pixels.
#[derive(Clone, Copy, Debug)]
pub(super) struct Metrics {
    advance: f32,
    line_height: f32,
}

impl Metrics {
    /// The metrics of text in this style.
    pub(super) fn of(s: &ComputedValues) -> Metrics {
        use style::values::generics::font::GenericLineHeight;
        let font = s.get_font();
        let px = font.font_size.computed_size().px();
        let mono = font.font_family.families.iter().any(|f| {
            matches!(
                f,
                style::values::computed::font::SingleFontFamily::Generic(
                    style::values::computed::font::GenericFontFamily::Monospace
                )
            )
        });
        let line_height = match &font.line_height {
            GenericLineHeight::Normal => px * 1.2,
            GenericLineHeight::Number(n) => px * n.0,
            GenericLineHeight::Length(l) => l.0.px(),
        };
        Metrics {
            advance: px * if mono { 0.6 } else { 0.5 },
            line_height,
        }
    }
}

/// One piece of a run.
#[derive(Debug)]
enum Piece {
    /// A word: its width, and whether a space comes before it (its width).
    Word {
        width: f32,
        space: f32,
        metrics: Metrics,
    },
    /// A forced line break (`<br>`, a preserved newline).
    Break(Metrics),
    /// An inline box starts.
    Open(Entity, Metrics),
    /// An inline box ends.
    Close(Entity),
}

/// An inline formatting context's content.
#[derive(Debug, Default)]
pub(super) struct Run {
    pieces: Vec<Piece>,
    /// A space is pending before the next word (collapsible white space
    /// was seen).
    pending_space: bool,
    /// Whether lines may wrap (the container's `white-space`).
    pub(super) wrap: bool,
    /// The container's `text-align`: 0 start, 1 center, 2 end.
    pub(super) align: u8,
    /// Whether the run holds anything but collapsed white space.
    visible: bool,
}

/// Where an inline box's fragment is, in its run's coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Fragment {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

impl Run {
    /// An empty run in the same container.
    pub(super) fn next(&self) -> Run {
        Run {
            wrap: self.wrap,
            align: self.align,
            ..Run::default()
        }
    }

    /// Whether the run has content that makes lines (words, breaks or
    /// inline boxes).
    pub(super) fn is_visible(&self) -> bool {
        self.visible
    }

    /// Append text with this style's white-space processing.
    pub(super) fn text(&mut self, text: &str, s: &ComputedValues) {
        use style::computed_values::white_space_collapse::T as Collapse;
        let m = Metrics::of(s);
        let collapse = s.get_inherited_text().white_space_collapse;
        let preserve = !matches!(collapse, Collapse::Collapse);
        let keep_newlines = preserve || matches!(collapse, Collapse::PreserveBreaks);
        let mut word = 0usize;
        let flush = |run: &mut Run, word: &mut usize| {
            if *word > 0 {
                let space = if run.pending_space { m.advance } else { 0.0 };
                run.pieces.push(Piece::Word {
                    width: *word as f32 * m.advance,
                    space,
                    metrics: m,
                });
                run.pending_space = false;
                run.visible = true;
                *word = 0;
            }
        };
        for c in text.chars() {
            match c {
                '\n' if keep_newlines => {
                    flush(self, &mut word);
                    self.pieces.push(Piece::Break(m));
                    self.pending_space = false;
                    self.visible = true;
                }
                ' ' | '\t' | '\n' | '\r' | '\x0c' if !preserve => {
                    flush(self, &mut word);
                    if self.visible {
                        self.pending_space = true;
                    }
                }
                ' ' | '\t' => {
                    // A preserved space is a word of its own (it may end a
                    // line, but takes its width).
                    flush(self, &mut word);
                    word = 1;
                    flush(self, &mut word);
                }
                _ => word += 1,
            }
        }
        flush(self, &mut word);
    }

    /// A forced line break (`<br>`).
    pub(super) fn line_break(&mut self, s: &ComputedValues) {
        self.pieces.push(Piece::Break(Metrics::of(s)));
        self.pending_space = false;
        self.visible = true;
    }

    /// An inline box starts.
    pub(super) fn open(&mut self, e: Entity, s: &ComputedValues) {
        self.pieces.push(Piece::Open(e, Metrics::of(s)));
        self.visible = true;
    }

    /// An inline box ends.
    pub(super) fn close(&mut self, e: Entity) {
        self.pieces.push(Piece::Close(e));
    }

    /// The run's size at this width (`None`: as wide as its content, no
    /// line wrapping but forced breaks).
    pub(super) fn measure(&self, width: Option<f32>) -> (f32, f32) {
        let lines = self.lines(width);
        let w = lines.iter().map(|l| l.width).fold(0.0, f32::max);
        let h = lines.iter().map(|l| l.height).sum();
        (w, h)
    }

    /// The widest word: the run's min-content width.
    pub(super) fn min_content(&self) -> f32 {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Word { width, .. } => *width,
                _ => 0.0,
            })
            .fold(0.0, f32::max)
    }

    /// The lines at this width: each piece's line and x.
    fn lines(&self, width: Option<f32>) -> Vec<Line> {
        let limit = width.filter(|_| self.wrap);
        let mut lines = vec![Line::default()];
        for (i, p) in self.pieces.iter().enumerate() {
            let line = lines.last_mut().expect("one line at least");
            match p {
                Piece::Word {
                    width,
                    space,
                    metrics,
                } => {
                    let space = if line.width > 0.0 { *space } else { 0.0 };
                    if let Some(limit) = limit
                        && line.width > 0.0
                        && line.width + space + width > limit
                    {
                        lines.push(Line::starting_at(i, *metrics));
                        let line = lines.last_mut().expect("pushed");
                        line.width = *width;
                    } else {
                        line.width += space + width;
                        line.height = line.height.max(metrics.line_height);
                    }
                }
                Piece::Break(m) => {
                    line.height = line.height.max(m.line_height);
                    lines.push(Line::starting_at(i + 1, *m));
                    lines.last_mut().expect("pushed").height = 0.0;
                }
                Piece::Open(_, m) => line.height = line.height.max(m.line_height),
                Piece::Close(_) => {}
            }
        }
        // (A last empty line after a forced break takes no height unless
        // it has content.)
        if let Some(last) = lines.last()
            && last.width == 0.0
            && last.height == 0.0
            && lines.len() > 1
        {
            lines.pop();
        }
        lines
    }

    /// Each inline box's fragments at this width, in the run's
    /// coordinates (its content box's top left corner).
    pub(super) fn fragments(&self, width: f32) -> Vec<(Entity, Fragment)> {
        let lines = self.lines(Some(width));
        let mut out: Vec<(Entity, Fragment)> = Vec::new();
        let mut open: Vec<(Entity, usize)> = Vec::new();
        let mut y = 0.0;
        let mut li = 0;
        let mut x = 0.0;
        let shift = |line: &Line| match self.align {
            1 => ((width - line.width) / 2.0).max(0.0),
            2 => (width - line.width).max(0.0),
            _ => 0.0,
        };
        let mut line_x = lines.first().map_or(0.0, shift);
        for (i, p) in self.pieces.iter().enumerate() {
            while li + 1 < lines.len() && lines[li + 1].start <= i {
                // The open boxes continue on the next line.
                y += lines[li].height;
                li += 1;
                x = 0.0;
                line_x = shift(&lines[li]);
                for (e, k) in open.iter_mut() {
                    out.push((
                        *e,
                        Fragment {
                            x: line_x,
                            y,
                            width: 0.0,
                            height: lines[li].height,
                        },
                    ));
                    *k = out.len() - 1;
                }
            }
            let height = lines[li].height;
            match p {
                Piece::Word { width, space, .. } => {
                    let space = if x > 0.0 { *space } else { 0.0 };
                    x += space + width;
                    for (_, k) in &open {
                        let f = &mut out[*k].1;
                        f.width = line_x + x - f.x;
                    }
                }
                Piece::Open(e, _) => {
                    out.push((
                        *e,
                        Fragment {
                            x: line_x + x,
                            y,
                            width: 0.0,
                            height,
                        },
                    ));
                    open.push((*e, out.len() - 1));
                }
                Piece::Close(e) => open.retain(|(o, _)| o != e),
                Piece::Break(_) => {}
            }
        }
        out
    }
}

/// One line of a run.
#[derive(Debug, Default)]
struct Line {
    /// The index of its first piece.
    start: usize,
    width: f32,
    height: f32,
}

impl Line {
    fn starting_at(start: usize, m: Metrics) -> Line {
        Line {
            start,
            width: 0.0,
            height: m.line_height,
        }
    }
}
