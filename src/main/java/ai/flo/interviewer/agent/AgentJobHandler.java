package ai.flo.interviewer.agent;

/**
 * What the agent does in one room. One call per job, on its own thread, with the room
 * already joined; returning (or throwing) ends the job and leaves the room.
 */
public interface AgentJobHandler {

	/** The value of {@code FLO_AGENT_HANDLER} that selects this handler. */
	String name();

	void run(AgentJob job) throws Exception;

}
