//! `<script type="module">`: module scripts and their `import`s, loaded
//! from files next to the page (relative specifiers, `./` and `../`, and
//! absolute paths). Bare specifiers (`import "lodash"`) have no import map
//! to resolve them here and fail with a clear error.

use std::path::{Component, Path, PathBuf};

use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::Declared;
use rquickjs::{Ctx, Error, Module, Result};

/// Resolves `import` specifiers against the importing module's file.
pub(crate) struct PageResolver;

impl Resolver for PageResolver {
    fn resolve<'js>(
        &mut self,
        _ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> Result<String> {
        let relative = name.starts_with("./") || name.starts_with("../");
        if !relative && !name.starts_with('/') {
            return Err(Error::new_resolving_message(
                base,
                name,
                "bare module specifiers need an import map, which ecsdom does not support; use a path starting with ./, ../ or /",
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

/// Loads a resolved module from its file.
pub(crate) struct FileLoader;

impl Loader for FileLoader {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> Result<Module<'js, Declared>> {
        let source = std::fs::read_to_string(name)
            .map_err(|e| Error::new_loading_message(name, e.to_string()))?;
        Module::declare(ctx.clone(), name, source)
    }
}
