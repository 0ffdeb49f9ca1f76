//! [`Value`]: what a command records as text, written straight into the arena.

/// A value a command records (text data, an attribute value), written
/// straight into the buffer's string arena: `&str` and `String` are copied,
/// integers written as decimal digits without the formatting machinery,
/// tuples of values written part after part (`("r", round, "-", i)`
/// records `r3-17` without the formatting machinery), and
/// `format_args!(...)` formatted in place.
pub trait Value {
    /// Append the value's text to `out`.
    fn write_to(&self, out: &mut String);
}

impl Value for str {
    fn write_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Value for String {
    fn write_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl<T: Value + ?Sized> Value for &T {
    fn write_to(&self, out: &mut String) {
        (**self).write_to(out);
    }
}

/// `None` writes nothing: the empty string, as a script's `null` is for
/// `textContent`.
impl<T: Value> Value for Option<T> {
    fn write_to(&self, out: &mut String) {
        if let Some(v) = self {
            v.write_to(out);
        }
    }
}

impl Value for std::fmt::Arguments<'_> {
    fn write_to(&self, out: &mut String) {
        match self.as_str() {
            Some(s) => out.push_str(s),
            None => {
                // Writing to a String can not fail.
                let _ = std::fmt::Write::write_fmt(out, *self);
            }
        }
    }
}

/// Decimal digits of `n`, most significant first, into `out`.
fn write_decimal(mut n: u64, out: &mut String) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

/// A tuple's parts, one after another.
macro_rules! tuple_value {
    ($(($($part:ident),+)),*) => {$(
        impl<$($part: Value),+> Value for ($($part,)+) {
            #[allow(non_snake_case, reason = "the parts are named after their types")]
            fn write_to(&self, out: &mut String) {
                let ($($part,)+) = self;
                $($part.write_to(out);)+
            }
        }
    )*};
}
tuple_value!(
    (A, B),
    (A, B, C),
    (A, B, C, D),
    (A, B, C, D, E),
    (A, B, C, D, E, F)
);

macro_rules! unsigned_value {
    ($($t:ty),*) => {$(
        impl Value for $t {
            fn write_to(&self, out: &mut String) {
                write_decimal(u64::from(*self), out);
            }
        }
    )*};
}
unsigned_value!(u8, u16, u32, u64);

macro_rules! signed_value {
    ($($t:ty),*) => {$(
        impl Value for $t {
            fn write_to(&self, out: &mut String) {
                if *self < 0 {
                    out.push('-');
                }
                write_decimal(i64::from(*self).unsigned_abs(), out);
            }
        }
    )*};
}
signed_value!(i8, i16, i32, i64);

impl Value for usize {
    fn write_to(&self, out: &mut String) {
        write_decimal(*self as u64, out);
    }
}

impl Value for isize {
    fn write_to(&self, out: &mut String) {
        (*self as i64).write_to(out);
    }
}
