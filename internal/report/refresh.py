# Converts a .docx to PDF with LibreOffice after refreshing its indexes (the table of
# contents gets its page numbers), through LibreOffice's UNO bridge (Debian: python3-uno).
# Run by report.PDF as: python3 refresh.py SOFFICE PROFILE_URL IN.docx OUT.pdf
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main():
    soffice, profile, src, dst = sys.argv[1:5]
    pipe = "voortgang-%d" % os.getpid()
    office = subprocess.Popen([soffice, "-env:UserInstallation=" + profile, "--headless", "--invisible",
                               "--norestore", "--nologo", "--nodefault",
                               "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        # LibreOffice takes a few seconds to open its pipe; there is no signal to wait on.
        for _ in range(1200):
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                if office.poll() is not None:
                    sys.exit("libreoffice stopped before it accepted a connection")
                time.sleep(0.05)
        if ctx is None:
            sys.exit("libreoffice did not accept a connection")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0,
                                           (prop("Hidden", True),))
        if doc is None:
            sys.exit("libreoffice could not open the document")
        indexes = doc.getDocumentIndexes()
        # Twice: filling the contents list can move the pages it points to.
        for _ in range(2):
            for i in range(indexes.getCount()):
                indexes.getByIndex(i).update()
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)), (prop("FilterName", "writer_pdf_Export"),))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass  # the bridge goes down with the office
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
