package io.sipsm.itests.upgradable;

import java.util.Hashtable;

import javax.servlet.sip.SipServlet;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers {@link UpgradableServlet} as the whiteboard application {@value #NAME}, taking INVITE. */
public class UpgradableActivator implements BundleActivator {

    public static final String NAME = "upgradable";

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("sipsm.application", NAME);
        properties.put("sipsm.application.methods", "INVITE");
        context.registerService(SipServlet.class, new UpgradableServlet(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // The framework unregisters the servlet.
    }
}
