  // ----- Animation, CSSTransition, CSSAnimation (Web Animations) ------------------
  // https://drafts.csswg.org/web-animations-1/#the-animation-interface: the
  // CSS transitions and animations `getAnimations()` gives, objects of one
  // native class over a dom-ecs animation handle (js-bridge's animation.rs),
  // one per animation while it lives. Their members are generated
  // (webidl/bindings.txt). No script makes one: `new Animation()`, effects
  // and timelines are not here, nor is Animation an EventTarget yet.
  class Animation {
    constructor() { throw illegal(); }
  }
  class CSSTransition extends Animation {}
  N.setValueProto(17, CSSTransition.prototype);
  class CSSAnimation extends Animation {}
  N.setValueProto(18, CSSAnimation.prototype);
