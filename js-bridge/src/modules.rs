//! `<script type="module">`: module scripts and their `import`s, loaded
//! from files next to the page (relative specifiers, `./` and `../`, and
//! absolute paths), within the page's [`FileScope`]. Bare specifiers
//! (`import "lodash"`) have no import map to resolve them here and fail
//! with a clear error.

use std::path::{Component, Path, PathBuf};

use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::Declared;
use rquickjs::{Ctx, Exception, Module, Result};

use crate::files::FileScope;

/// The page's file scope, shared with the loader (QuickJS owns that).
pub(crate) type Files = std::sync::Arc<std::sync::Mutex<FileScope>>;

/// Resolves `import` specifiers against the importing module's file.
pub(crate) struct PageResolver;

impl Resolver for PageResolver {
    fn resolve<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> Result<String> {
        let relative = name.starts_with("./") || name.starts_with("../");
        if !relative && !name.starts_with('/') {
            // (A TypeError, as browsers throw for a failed resolution.)
            return Err(Exception::throw_type(
                ctx,
                &format!(
                    "Failed to resolve module specifier \"{name}\" (imported by {base}): bare module specifiers need an import map, which ecsdom does not support; use a path starting with ./, ../ or /"
                ),
            ));
        }
        let path = if relative {
            Path::new(base)
                .parent()
                .unwrap_or(Path::new("."))
                .join(name)
        } else {
            PathBuf::from(name)
        };
        Ok(normalize(&path).to_string_lossy().into_owned())
    }
}

/// `a/./b/../c` as `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Loads a resolved module from its file, if the page may read it (a
/// refusal names the path, never the content).
pub(crate) struct FileLoader(pub(crate) Files);

impl Loader for FileLoader {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> Result<Module<'js, Declared>> {
        let scope = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        // (A failed load is a TypeError, as a failed fetch of a module is.)
        let bytes = scope.read(Path::new(name)).map_err(|e| {
            Exception::throw_type(ctx, &format!("Failed to fetch module {name}: {e}"))
        })?;
        let source = String::from_utf8(bytes).map_err(|_| {
            Exception::throw_type(
                ctx,
                &format!("Failed to fetch module {name}: not UTF-8 text"),
            )
        })?;
        Module::declare(ctx.clone(), name, source)
    }
}
