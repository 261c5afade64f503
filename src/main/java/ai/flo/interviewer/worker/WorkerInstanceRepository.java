package ai.flo.interviewer.worker;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface WorkerInstanceRepository extends JpaRepository<WorkerInstance, String> {

	List<WorkerInstance> findByHostOrderByLastSeenDesc(String host);

}
