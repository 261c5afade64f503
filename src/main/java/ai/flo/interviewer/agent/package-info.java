/** The LiveKit agent worker and the voice interviewer (worker role). */
package ai.flo.interviewer.agent;
