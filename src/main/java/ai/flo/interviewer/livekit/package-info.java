/** LiveKit's server side: address and credentials, tokens, room service, webhooks. */
package ai.flo.interviewer.livekit;
