/**
 * The container adapter, the only code that knows Restcomm SIP Servlets and Tomcat: starting and stopping the
 * container, deploying an application, the dispatcher that puts the interceptors of the host SPI in front of
 * the applications, and the call legs, which are Restcomm's SIP sessions seen through the SPI.
 */
package io.sipsm.host.internal.container;
