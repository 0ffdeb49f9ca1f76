//! XPath 1.0 expressions (<https://www.w3.org/TR/1999/REC-xpath-19991116/>):
//! the lexical structure (§3.7, with its rules for telling an operator
//! name or `*` from a name test by the token before) and the grammar, into
//! an [`Expr`]. A name test's prefix is resolved here, by the caller's
//! namespace resolver, as `createExpression` does.

use crate::error::{DomError, DomResult};

/// An axis (§2.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Axis {
    Ancestor,
    AncestorOrSelf,
    Attribute,
    Child,
    Descendant,
    DescendantOrSelf,
    Following,
    FollowingSibling,
    Namespace,
    Parent,
    Preceding,
    PrecedingSibling,
    Itself,
}

impl Axis {
    fn named(name: &str) -> Option<Axis> {
        Some(match name {
            "ancestor" => Axis::Ancestor,
            "ancestor-or-self" => Axis::AncestorOrSelf,
            "attribute" => Axis::Attribute,
            "child" => Axis::Child,
            "descendant" => Axis::Descendant,
            "descendant-or-self" => Axis::DescendantOrSelf,
            "following" => Axis::Following,
            "following-sibling" => Axis::FollowingSibling,
            "namespace" => Axis::Namespace,
            "parent" => Axis::Parent,
            "preceding" => Axis::Preceding,
            "preceding-sibling" => Axis::PrecedingSibling,
            "self" => Axis::Itself,
            _ => return None,
        })
    }

    /// A reverse axis counts proximity positions from the end (§2.4).
    pub(super) fn is_reverse(self) -> bool {
        matches!(
            self,
            Axis::Ancestor | Axis::AncestorOrSelf | Axis::Preceding | Axis::PrecedingSibling
        )
    }
}

/// A node test (§2.3).
#[derive(Clone, Debug, PartialEq)]
pub(super) enum NodeTest {
    /// `node()`
    Node,
    /// `text()`
    Text,
    /// `comment()`
    Comment,
    /// `processing-instruction(target?)`
    Pi(Option<String>),
    /// `*`, `prefix:*` or a QName: the namespace URI the prefix names
    /// (none for no prefix) and the local name (none for `*`).
    Name {
        ns: Option<String>,
        local: Option<String>,
    },
}

/// A location step (§2.1).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Step {
    pub(super) axis: Axis,
    pub(super) test: NodeTest,
    pub(super) predicates: Vec<Expr>,
}

/// Where a path starts.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Start {
    /// A relative location path: the context node.
    Context,
    /// An absolute one: the root of the context node's tree.
    Root,
    /// A filter expression (a primary expression and its predicates).
    Filter(Box<Expr>, Vec<Expr>),
}

/// The core functions (§4), checked for their arity when parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Func {
    Last,
    Position,
    Count,
    Id,
    LocalName,
    NamespaceUri,
    Name,
    String,
    Concat,
    StartsWith,
    Contains,
    SubstringBefore,
    SubstringAfter,
    Substring,
    StringLength,
    NormalizeSpace,
    Translate,
    Boolean,
    Not,
    True,
    False,
    Lang,
    Number,
    Sum,
    Floor,
    Ceiling,
    Round,
}

impl Func {
    /// The function `name`, and how many arguments it takes (at least, at
    /// most).
    fn named(name: &str) -> Option<(Func, usize, usize)> {
        const MANY: usize = usize::MAX;
        Some(match name {
            "last" => (Func::Last, 0, 0),
            "position" => (Func::Position, 0, 0),
            "count" => (Func::Count, 1, 1),
            "id" => (Func::Id, 1, 1),
            "local-name" => (Func::LocalName, 0, 1),
            "namespace-uri" => (Func::NamespaceUri, 0, 1),
            "name" => (Func::Name, 0, 1),
            "string" => (Func::String, 0, 1),
            "concat" => (Func::Concat, 2, MANY),
            "starts-with" => (Func::StartsWith, 2, 2),
            "contains" => (Func::Contains, 2, 2),
            "substring-before" => (Func::SubstringBefore, 2, 2),
            "substring-after" => (Func::SubstringAfter, 2, 2),
            "substring" => (Func::Substring, 2, 3),
            "string-length" => (Func::StringLength, 0, 1),
            "normalize-space" => (Func::NormalizeSpace, 0, 1),
            "translate" => (Func::Translate, 3, 3),
            "boolean" => (Func::Boolean, 1, 1),
            "not" => (Func::Not, 1, 1),
            "true" => (Func::True, 0, 0),
            "false" => (Func::False, 0, 0),
            "lang" => (Func::Lang, 1, 1),
            "number" => (Func::Number, 0, 1),
            "sum" => (Func::Sum, 1, 1),
            "floor" => (Func::Floor, 1, 1),
            "ceiling" => (Func::Ceiling, 1, 1),
            "round" => (Func::Round, 1, 1),
            _ => return None,
        })
    }
}

/// A binary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Op {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Union,
}

/// An expression (§3).
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Expr {
    Binary(Op, Box<Expr>, Box<Expr>),
    Neg(Box<Expr>),
    Literal(String),
    Number(f64),
    Call(Func, Vec<Expr>),
    Path(Start, Vec<Step>),
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    LParen,
    RParen,
    LBracket,
    RBracket,
    Dot,
    DotDot,
    At,
    Comma,
    ColonColon,
    Slash,
    SlashSlash,
    Pipe,
    Plus,
    Minus,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// `*` as the multiply operator.
    Multiply,
    /// `and`, `or`, `mod`, `div` as operators.
    OpName(Op),
    /// A name test: `*`, `prefix:*`, a QName (an NCName may also be an
    /// axis, node type or function name, which the next token tells).
    Name(Option<String>, Option<String>),
    Literal(String),
    Number(f64),
    Variable,
}

fn syntax(why: &str) -> DomError {
    DomError::Syntax(format!(
        "the expression is not a valid XPath expression: {why}"
    ))
}

/// XML's whitespace (§3.7 ExprWhitespace).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || !c.is_ascii()
}

fn is_name_char(c: char) -> bool {
    is_name_start(c) || c.is_ascii_digit() || c == '.' || c == '-'
}

/// The tokens of `text` (§3.7's disambiguation: after a token that is
/// not `@`, `::`, `(`, `[`, `,` or an operator, `*` multiplies and an
/// NCName is an operator name).
fn tokens(text: &str) -> DomResult<Vec<Tok>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Tok> = Vec::new();
    let mut i = 0;
    let operand_before = |out: &[Tok]| {
        out.last().is_some_and(|t| {
            !matches!(
                t,
                Tok::At
                    | Tok::ColonColon
                    | Tok::LParen
                    | Tok::LBracket
                    | Tok::Comma
                    | Tok::Slash
                    | Tok::SlashSlash
                    | Tok::Pipe
                    | Tok::Plus
                    | Tok::Minus
                    | Tok::Eq
                    | Tok::Ne
                    | Tok::Lt
                    | Tok::Le
                    | Tok::Gt
                    | Tok::Ge
                    | Tok::Multiply
                    | Tok::OpName(_)
            )
        })
    };
    let name_at = |mut j: usize| {
        let start = j;
        while j < chars.len() && is_name_char(chars[j]) {
            j += 1;
        }
        (chars[start..j].iter().collect::<String>(), j)
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if is_space(c) {
            i += 1;
            continue;
        }
        let (tok, len) = match c {
            '(' => (Tok::LParen, 1),
            ')' => (Tok::RParen, 1),
            '[' => (Tok::LBracket, 1),
            ']' => (Tok::RBracket, 1),
            '@' => (Tok::At, 1),
            ',' => (Tok::Comma, 1),
            '|' => (Tok::Pipe, 1),
            '+' => (Tok::Plus, 1),
            '-' => (Tok::Minus, 1),
            '=' => (Tok::Eq, 1),
            ':' if next == Some(':') => (Tok::ColonColon, 2),
            '/' if next == Some('/') => (Tok::SlashSlash, 2),
            '/' => (Tok::Slash, 1),
            '!' if next == Some('=') => (Tok::Ne, 2),
            '<' if next == Some('=') => (Tok::Le, 2),
            '<' => (Tok::Lt, 1),
            '>' if next == Some('=') => (Tok::Ge, 2),
            '>' => (Tok::Gt, 1),
            '.' if next == Some('.') => (Tok::DotDot, 2),
            '.' if !next.is_some_and(|n| n.is_ascii_digit()) => (Tok::Dot, 1),
            '*' if operand_before(&out) => (Tok::Multiply, 1),
            '*' => (Tok::Name(None, None), 1),
            '"' | '\'' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&q| q == c)
                    .ok_or_else(|| syntax("a literal is not closed"))?;
                let s: String = chars[i + 1..i + 1 + end].iter().collect();
                (Tok::Literal(s), end + 2)
            }
            '$' => {
                let (name, j) = name_at(i + 1);
                if name.is_empty() {
                    return Err(syntax("`$` names no variable"));
                }
                (Tok::Variable, j - i)
            }
            d if d.is_ascii_digit() || d == '.' => {
                let mut j = i;
                while j < chars.len() && chars[j].is_ascii_digit() {
                    j += 1;
                }
                if j < chars.len() && chars[j] == '.' {
                    j += 1;
                    while j < chars.len() && chars[j].is_ascii_digit() {
                        j += 1;
                    }
                }
                let s: String = chars[i..j].iter().collect();
                let n = s
                    .parse::<f64>()
                    .map_err(|_| syntax("a number is malformed"))?;
                (Tok::Number(n), j - i)
            }
            c if is_name_start(c) => {
                let (first, j) = name_at(i);
                if operand_before(&out) {
                    let op = match first.as_str() {
                        "and" => Op::And,
                        "or" => Op::Or,
                        "mod" => Op::Mod,
                        "div" => Op::Div,
                        _ => return Err(syntax(&format!("`{first}` is no operator"))),
                    };
                    (Tok::OpName(op), j - i)
                } else if chars.get(j) == Some(&':') && chars.get(j + 1) != Some(&':') {
                    // A prefixed name: `prefix:local` or `prefix:*`.
                    if chars.get(j + 1) == Some(&'*') {
                        (Tok::Name(Some(first), None), j + 2 - i)
                    } else if chars.get(j + 1).is_some_and(|&c| is_name_start(c)) {
                        let (local, k) = name_at(j + 1);
                        (Tok::Name(Some(first), Some(local)), k - i)
                    } else {
                        return Err(syntax("a prefix names no local name"));
                    }
                } else {
                    (Tok::Name(None, Some(first)), j - i)
                }
            }
            _ => return Err(syntax(&format!("unexpected `{c}`"))),
        };
        out.push(tok);
        i += len;
    }
    Ok(out)
}

struct Parser<'r> {
    toks: Vec<Tok>,
    pos: usize,
    resolve: &'r mut dyn FnMut(&str) -> Option<String>,
}

/// Parse `text`, resolving name tests' prefixes with `resolve` (a
/// `NamespaceError` for one it does not know).
///
/// # Errors
/// `SyntaxError` for text that is no XPath 1.0 expression (or that uses a
/// variable: the DOM binds none), `NamespaceError` for an unknown prefix.
pub(super) fn parse(
    text: &str,
    resolve: &mut dyn FnMut(&str) -> Option<String>,
) -> DomResult<Expr> {
    let mut p = Parser {
        toks: tokens(text)?,
        pos: 0,
        resolve,
    };
    if p.toks.contains(&Tok::Variable) {
        return Err(syntax("the DOM binds no variables"));
    }
    let e = p.or()?;
    if p.pos != p.toks.len() {
        return Err(syntax("unexpected text after the expression"));
    }
    Ok(e)
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn peek_at(&self, k: usize) -> Option<&Tok> {
        self.toks.get(self.pos + k)
    }

    fn eat(&mut self, t: &Tok) -> bool {
        if self.peek() == Some(t) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, t: &Tok, what: &str) -> DomResult<()> {
        if self.eat(t) {
            Ok(())
        } else {
            Err(syntax(&format!("expected {what}")))
        }
    }

    fn binary(
        &mut self,
        next: fn(&mut Self) -> DomResult<Expr>,
        ops: &[(Tok, Op)],
    ) -> DomResult<Expr> {
        let mut left = next(self)?;
        'more: loop {
            for (t, op) in ops {
                if self.eat(t) {
                    let right = next(self)?;
                    left = Expr::Binary(*op, Box::new(left), Box::new(right));
                    continue 'more;
                }
            }
            return Ok(left);
        }
    }

    fn or(&mut self) -> DomResult<Expr> {
        self.binary(Self::and, &[(Tok::OpName(Op::Or), Op::Or)])
    }

    fn and(&mut self) -> DomResult<Expr> {
        self.binary(Self::equality, &[(Tok::OpName(Op::And), Op::And)])
    }

    fn equality(&mut self) -> DomResult<Expr> {
        self.binary(Self::relational, &[(Tok::Eq, Op::Eq), (Tok::Ne, Op::Ne)])
    }

    fn relational(&mut self) -> DomResult<Expr> {
        self.binary(
            Self::additive,
            &[
                (Tok::Lt, Op::Lt),
                (Tok::Le, Op::Le),
                (Tok::Gt, Op::Gt),
                (Tok::Ge, Op::Ge),
            ],
        )
    }

    fn additive(&mut self) -> DomResult<Expr> {
        self.binary(
            Self::multiplicative,
            &[(Tok::Plus, Op::Add), (Tok::Minus, Op::Sub)],
        )
    }

    fn multiplicative(&mut self) -> DomResult<Expr> {
        self.binary(
            Self::unary,
            &[
                (Tok::Multiply, Op::Mul),
                (Tok::OpName(Op::Div), Op::Div),
                (Tok::OpName(Op::Mod), Op::Mod),
            ],
        )
    }

    fn unary(&mut self) -> DomResult<Expr> {
        if self.eat(&Tok::Minus) {
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        self.union()
    }

    fn union(&mut self) -> DomResult<Expr> {
        self.binary(Self::path, &[(Tok::Pipe, Op::Union)])
    }

    /// Whether the next tokens start a filter expression (a primary
    /// expression) rather than a location path.
    fn at_primary(&self) -> bool {
        match self.peek() {
            Some(Tok::LParen | Tok::Literal(_) | Tok::Number(_) | Tok::Variable) => true,
            // A function call: a name and `(`, not a node type.
            Some(Tok::Name(None, Some(n))) => {
                self.peek_at(1) == Some(&Tok::LParen)
                    && !matches!(
                        n.as_str(),
                        "node" | "text" | "comment" | "processing-instruction"
                    )
            }
            Some(Tok::Name(Some(_), Some(_))) => self.peek_at(1) == Some(&Tok::LParen),
            _ => false,
        }
    }

    fn path(&mut self) -> DomResult<Expr> {
        if self.at_primary() {
            let primary = self.primary()?;
            let predicates = self.predicates()?;
            let start = Start::Filter(Box::new(primary), predicates);
            let mut steps = Vec::new();
            if self.more_steps(&mut steps)? {
                return Ok(Expr::Path(start, steps));
            }
            return Ok(match start {
                Start::Filter(e, p) if p.is_empty() => *e,
                s => Expr::Path(s, steps),
            });
        }
        let mut steps = Vec::new();
        let start = if self.eat(&Tok::Slash) {
            // `/` alone, or followed by a relative path.
            if self.at_step() {
                steps.push(self.step()?);
                self.more_steps(&mut steps)?;
            }
            Start::Root
        } else if self.eat(&Tok::SlashSlash) {
            steps.push(descendant_or_self());
            steps.push(self.step()?);
            self.more_steps(&mut steps)?;
            Start::Root
        } else {
            steps.push(self.step()?);
            self.more_steps(&mut steps)?;
            Start::Context
        };
        Ok(Expr::Path(start, steps))
    }

    /// `/step` and `//step`s after a path's start; whether there were any.
    fn more_steps(&mut self, steps: &mut Vec<Step>) -> DomResult<bool> {
        let mut any = false;
        loop {
            if self.eat(&Tok::Slash) {
                steps.push(self.step()?);
            } else if self.eat(&Tok::SlashSlash) {
                steps.push(descendant_or_self());
                steps.push(self.step()?);
            } else {
                return Ok(any);
            }
            any = true;
        }
    }

    fn at_step(&self) -> bool {
        matches!(
            self.peek(),
            Some(Tok::Dot | Tok::DotDot | Tok::At | Tok::Name(..))
        )
    }

    fn step(&mut self) -> DomResult<Step> {
        if self.eat(&Tok::Dot) {
            return Ok(Step {
                axis: Axis::Itself,
                test: NodeTest::Node,
                predicates: Vec::new(),
            });
        }
        if self.eat(&Tok::DotDot) {
            return Ok(Step {
                axis: Axis::Parent,
                test: NodeTest::Node,
                predicates: Vec::new(),
            });
        }
        let axis = if self.eat(&Tok::At) {
            Axis::Attribute
        } else if let (Some(Tok::Name(None, Some(n))), Some(Tok::ColonColon)) =
            (self.peek(), self.peek_at(1))
        {
            let axis = Axis::named(n).ok_or_else(|| syntax(&format!("`{n}` is no axis")))?;
            self.pos += 2;
            axis
        } else {
            Axis::Child
        };
        let test = self.node_test()?;
        let predicates = self.predicates()?;
        Ok(Step {
            axis,
            test,
            predicates,
        })
    }

    fn node_test(&mut self) -> DomResult<NodeTest> {
        let Some(Tok::Name(prefix, local)) = self.peek().cloned() else {
            return Err(syntax("expected a node test"));
        };
        self.pos += 1;
        if prefix.is_none()
            && let Some(l) = &local
            && self.peek() == Some(&Tok::LParen)
        {
            self.pos += 1;
            let test = match l.as_str() {
                "node" => NodeTest::Node,
                "text" => NodeTest::Text,
                "comment" => NodeTest::Comment,
                "processing-instruction" => match self.peek().cloned() {
                    Some(Tok::Literal(t)) => {
                        self.pos += 1;
                        NodeTest::Pi(Some(t))
                    }
                    _ => NodeTest::Pi(None),
                },
                _ => return Err(syntax(&format!("`{l}` is no node type"))),
            };
            self.expect(&Tok::RParen, "`)`")?;
            return Ok(test);
        }
        let ns = match prefix {
            None => None,
            Some(p) => Some((self.resolve)(&p).ok_or_else(|| {
                DomError::Namespace(format!("the prefix `{p}` names no namespace"))
            })?),
        };
        Ok(NodeTest::Name { ns, local })
    }

    fn predicates(&mut self) -> DomResult<Vec<Expr>> {
        let mut out = Vec::new();
        while self.eat(&Tok::LBracket) {
            out.push(self.or()?);
            self.expect(&Tok::RBracket, "`]`")?;
        }
        Ok(out)
    }

    fn primary(&mut self) -> DomResult<Expr> {
        match self.peek().cloned() {
            Some(Tok::LParen) => {
                self.pos += 1;
                let e = self.or()?;
                self.expect(&Tok::RParen, "`)`")?;
                Ok(e)
            }
            Some(Tok::Literal(s)) => {
                self.pos += 1;
                Ok(Expr::Literal(s))
            }
            Some(Tok::Number(n)) => {
                self.pos += 1;
                Ok(Expr::Number(n))
            }
            Some(Tok::Name(prefix, Some(name))) => {
                self.pos += 2;
                if prefix.is_some() {
                    return Err(syntax(&format!("`{name}` is no function of XPath 1.0")));
                }
                let (f, min, max) = Func::named(&name)
                    .ok_or_else(|| syntax(&format!("`{name}` is no function of XPath 1.0")))?;
                let mut args = Vec::new();
                if !self.eat(&Tok::RParen) {
                    loop {
                        args.push(self.or()?);
                        if self.eat(&Tok::RParen) {
                            break;
                        }
                        self.expect(&Tok::Comma, "`,` or `)`")?;
                    }
                }
                if args.len() < min || args.len() > max {
                    return Err(syntax(&format!(
                        "{name}() takes {}",
                        if min == max {
                            format!("{min} arguments")
                        } else if max == usize::MAX {
                            format!("at least {min} arguments")
                        } else {
                            format!("{min} to {max} arguments")
                        }
                    )));
                }
                Ok(Expr::Call(f, args))
            }
            _ => Err(syntax("expected an expression")),
        }
    }
}

/// `//`'s step: `descendant-or-self::node()`.
fn descendant_or_self() -> Step {
    Step {
        axis: Axis::DescendantOrSelf,
        test: NodeTest::Node,
        predicates: Vec::new(),
    }
}
