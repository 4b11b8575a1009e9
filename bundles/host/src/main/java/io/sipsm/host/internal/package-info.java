/**
 * The host's composition root: the OSGi component that reads and validates {@code io.sipsm.host}, starts the
 * container and registers the host SPI services. The packages below it form layers;
 * {@code ArchitectureTest} (module architecture) holds the allowed arrows:
 * <pre>
 * root -&gt; whiteboard -&gt; container -&gt; valves, prack, intake
 * valves -&gt; intake -&gt; admission -&gt; queue -&gt; sip;  admission, root -&gt; settings
 * root, container -&gt; policy
 * root, container, intake -&gt; refusals (the calls refused before any application, reported off the SIP threads)
 * </pre>
 */
package io.sipsm.host.internal;
