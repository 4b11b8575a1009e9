/**
 * Network addresses as settings and SIP headers write them, shared by the host, the configuration and the
 * policies so that each is read one way.
 */
@Export
@Version("1.0.0")
package io.sipsm.net;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
