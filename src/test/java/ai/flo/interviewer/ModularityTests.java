package ai.flo.interviewer;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The module graph: feature packages talk to each other only through their public
 * surface.
 */
class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(FloInterviewerApplication.class);

	@Test
	void modulesRespectTheirBoundaries() {
		this.modules.verify();
	}

	@Test
	void writesModuleDiagrams() {
		new Documenter(this.modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
	}

}
