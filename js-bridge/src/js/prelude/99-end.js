// The end of the prelude's function (00-head.js opens it).
})();
