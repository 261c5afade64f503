/**
 * The recruiter's console: a small static application under {@code /console} (plain HTML,
 * CSS and JavaScript modules in {@code static/console/}, no build step and nothing
 * fetched from elsewhere) that works on the REST API with the admin key the recruiter
 * signs in with. This module serves it and sets its security headers; it calls no other
 * module.
 */
package ai.flo.interviewer.console;
