// The floor with no wasm at all: the marks the app sets, from a module script.
performance.mark("corscope-start");
performance.mark("corscope-interactive");
