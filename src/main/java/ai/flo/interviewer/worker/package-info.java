/**
 * The worker role's presence: the worker writes a heartbeat to the database and serves
 * its own small health endpoint; the API's {@code /health} reports DOWN when this host's
 * worker is gone.
 */
package ai.flo.interviewer.worker;
