/**
 * Infrastructure every module may use: data folders, database wiring, configuration
 * checks, problem responses.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package ai.flo.interviewer.shared;
