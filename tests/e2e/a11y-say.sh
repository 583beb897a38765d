#!/bin/sh
# SPDX-License-Identifier: ISC
# A stand-in for espeak-ng in the a11y-* tests: each sentence it is given
# goes on its own line of said.log (in the site folder), slowly enough for
# a key to stop it. The arguments (-v en-gb -s RATE -b 1) go to args.log.
echo "$*" >>args.log
cat >>said.log
echo >>said.log
sleep "${A11Y_SAY_DELAY:-0.2}"
