/** Tasks in the REST API; {@link io.lifeboat.tasks.web.TaskJson} is how every operation endpoint answers with its task. */
@NamedInterface("web")
package io.lifeboat.tasks.web;

import org.springframework.modulith.NamedInterface;
