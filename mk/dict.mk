# mk/dict.mk — the default compiled dictionary (issue 3).
#
# Built into data/dict/default.orrdict (git-ignored) rather than build/,
# because orr_data_path("dict/default.orrdict") is how the library finds
# it at run time: under $ORRERY_DATA (the tests set it to data/) or the
# compiled-in data directory, which is also what gets installed.  The
# inputs and their order are data/dict/default.list.
DICT_SRC := $(addprefix data/dict/,$(shell sed -e 's/\#.*//' data/dict/default.list 2>/dev/null))

data: data/dict/default.orrdict

data/dict/default.orrdict: $(B)/orrery data/dict/default.list $(DICT_SRC)
	@echo "  DICT    $@"
	$(Q)ORRERY_DATA=$(CURDIR)/data $(B)/orrery dict compile -o $@
