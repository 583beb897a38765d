# SPDX-License-Identifier: ISC
# make install and make uninstall (PREFIX, DESTDIR), the install test, and
# the Debian package.
#
#   make install PREFIX=/usr DESTDIR=/tmp/root
#
# Installs $(BINDIR)/signoff; the content pack in $(DATADIR)/content; the
# default config as $(DATADIR)/signoff.ini, its paths made absolute (the
# database and key file in $(STATEDIR), the content in $(DATADIR)); the
# same as $(SYSCONFDIR)/signoff/signoff.ini unless one is there already
# (then beside it as signoff.ini.new); signoff(1) and signoff.ini(5); and
# the kiosk's systemd unit. signoff looks for /etc/signoff/signoff.ini
# whatever the PREFIX, so SYSCONFDIR stays /etc. Nothing is made or removed
# in $(STATEDIR): the records belong to the site (the unit's
# StateDirectory= or the Debian package makes the folder).

BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/signoff
MANDIR ?= $(PREFIX)/share/man
DOCDIR ?= $(PREFIX)/share/doc/signoff
SYSCONFDIR ?= /etc
STATEDIR ?= /var/lib/signoff
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
INSTALL ?= install

CONTENT_FILES = $(notdir $(wildcard etc/content/*.txt))
UNIT = signoff-kiosk@.service
STAGE = $(BUILD)/install

.PHONY: install uninstall install-test deb deb-test

# The installed config, man pages and unit, with this install's paths.
install-stage:
	@mkdir -p $(STAGE)
	@sed -e '1a\
# Installed by "make install": the database and key file in $(STATEDIR),\
# the content pack in $(DATADIR)/content. The default is kept as\
# $(DATADIR)/signoff.ini. See signoff.ini(5).' \
	    -e 's|^database *=.*|database = $(STATEDIR)/signoff.db|' \
	    -e 's|^keyfile *=.*|keyfile = $(STATEDIR)/kiosk.key|' \
	    -e 's|^content *=.*|content = $(DATADIR)/content|' \
	    etc/signoff.ini >$(STAGE)/signoff.ini
	@for m in signoff.1 signoff.ini.5; do \
	    sed -e 's|/usr/share/signoff|$(DATADIR)|g' \
	        -e 's|/var/lib/signoff|$(STATEDIR)|g' man/$$m >$(STAGE)/$$m; \
	done
	@sed -e 's|^ExecStart=/usr/bin/signoff|ExecStart=$(BINDIR)/signoff|' \
	    -e 's|/etc/signoff/|$(SYSCONFDIR)/signoff/|g' \
	    -e 's|^ReadWritePaths=/var/lib/signoff|ReadWritePaths=$(STATEDIR)|' \
	    -e 's|^WorkingDirectory=/var/lib/signoff|WorkingDirectory=$(STATEDIR)|' \
	    etc/$(UNIT) >$(STAGE)/$(UNIT)
.PHONY: install-stage

install: $(BUILD)/signoff install-stage
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/content \
	    $(DESTDIR)$(SYSCONFDIR)/signoff $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(DOCDIR)
	$(INSTALL) -m 0755 $(BUILD)/signoff $(DESTDIR)$(BINDIR)/signoff
	$(INSTALL) -m 0644 $(addprefix etc/content/,$(CONTENT_FILES)) \
	    $(DESTDIR)$(DATADIR)/content/
	$(INSTALL) -m 0644 $(STAGE)/signoff.ini $(DESTDIR)$(DATADIR)/signoff.ini
	@ini=$(DESTDIR)$(SYSCONFDIR)/signoff/signoff.ini; \
	if [ ! -e "$$ini" ]; then \
	    echo "$(INSTALL) -m 0644 $(STAGE)/signoff.ini $$ini"; \
	    $(INSTALL) -m 0644 $(STAGE)/signoff.ini "$$ini"; \
	elif ! cmp -s $(STAGE)/signoff.ini "$$ini"; then \
	    $(INSTALL) -m 0644 $(STAGE)/signoff.ini "$$ini.new"; \
	    echo "kept $$ini as it is: the new default is $$ini.new"; \
	fi
	$(INSTALL) -m 0644 $(STAGE)/signoff.1 $(DESTDIR)$(MANDIR)/man1/signoff.1
	$(INSTALL) -m 0644 $(STAGE)/signoff.ini.5 $(DESTDIR)$(MANDIR)/man5/signoff.ini.5
	$(INSTALL) -m 0644 $(STAGE)/$(UNIT) $(DESTDIR)$(SYSTEMDUNITDIR)/$(UNIT)
	$(INSTALL) -m 0644 README.md $(DESTDIR)$(DOCDIR)/README.md

# Removes what install put there; a config that was changed is kept.
uninstall:
	@ini=$(DESTDIR)$(SYSCONFDIR)/signoff/signoff.ini; \
	dist=$(DESTDIR)$(DATADIR)/signoff.ini; \
	for f in "$$ini" "$$ini.new"; do \
	    if [ -f "$$f" ] && [ -f "$$dist" ] && cmp -s "$$f" "$$dist"; then \
	        echo "rm -f $$f"; rm -f "$$f"; \
	    elif [ -f "$$f" ]; then echo "kept $$f: it was changed"; fi; \
	done
	rm -f $(DESTDIR)$(BINDIR)/signoff $(DESTDIR)$(DATADIR)/signoff.ini \
	    $(addprefix $(DESTDIR)$(DATADIR)/content/,$(CONTENT_FILES)) \
	    $(DESTDIR)$(MANDIR)/man1/signoff.1 $(DESTDIR)$(MANDIR)/man5/signoff.ini.5 \
	    $(DESTDIR)$(SYSTEMDUNITDIR)/$(UNIT) $(DESTDIR)$(DOCDIR)/README.md
	@for d in $(DESTDIR)$(DATADIR)/content $(DESTDIR)$(DATADIR) \
	    $(DESTDIR)$(SYSCONFDIR)/signoff $(DESTDIR)$(DOCDIR); do \
	    [ ! -d "$$d" ] || rmdir "$$d" 2>/dev/null || echo "kept $$d: not empty"; \
	done

# Install into temporary folders, run the installed binary on the
# installed config, check the man pages and unit, uninstall.
install-test: $(BUILD)/signoff
	@BUILD=$(BUILD) tests/install/run

check: install-test

# The Debian package, built in a copy of the tree (the checkout stays
# clean): the .deb lands in $(BUILD)/deb. deb-test also installs it
# (as root), checks it and purges it.
deb:
	@tests/install/deb build $(BUILD)/deb

deb-test:
	@tests/install/deb test $(BUILD)/deb
