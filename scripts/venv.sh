#!/bin/sh
# Keep .venv ready for every make target: a supported Python with the pinned packages.
#
#   scripts/venv.sh                        # the existing .venv, or the first supported Python found
#   PYTHON=/path/to/python3.13 scripts/venv.sh
#
# The supported versions are pyproject.toml's `requires-python` (">=3.11,<3.15"). A .venv made by
# another interpreter than the one asked for is rebuilt, never reused; the packages are installed
# again whenever pyproject.toml or scripts/constraints.txt change. POSIX sh, so that it runs
# before any suitable Python is known.
set -eu
cd "$(dirname "$0")/.."
venv=.venv
stamp=$venv/.installed
constraints=scripts/constraints.txt

range=$(sed -n 's/^requires-python = ">=3\.\([0-9]*\),<3\.\([0-9]*\)".*/\1 \2/p' pyproject.toml)
low=${range% *}
high=${range#* }
wanted="Python 3.$low to 3.$((high - 1))"

# Prints "VERSION BASE_PREFIX" for a supported interpreter that can make a venv; fails otherwise.
# The test itself must run on any Python (even an old one), hence the plain syntax.
identify() {
    "$1" -c "
import sys, os, platform
if not (3, $low) <= tuple(sys.version_info[:2]) < (3, $high): sys.exit(1)
import ensurepip, venv
print(platform.python_version() + ' ' + os.path.realpath(sys.base_prefix))
" 2>/dev/null
}

# Debian splits venv from Python: name the package that a Python of a supported version lacks.
venv_hint() {
    version=$("$1" -c "import sys; print('%d.%d' % sys.version_info[:2])" 2>/dev/null) || return 1
    minor=${version#3.}
    case $version in 3.*) ;; *) return 1 ;; esac
    [ "$minor" -ge "$low" ] && [ "$minor" -lt "$high" ] || return 1
    echo "$1 ($version) cannot create a virtual environment: install python$version-venv (sudo apt-get install -y python$version-venv), then run make again"
}

hint() {
    for name in python3 python3.13 python3.12 python3.11 python3.14; do
        venv_hint "$name" && return
    done
    echo "No $wanted found: install one (Debian/Ubuntu: sudo apt-get install -y python3 python3-venv; macOS, Windows: python.org), or run make PYTHON=/path/to/python3.x"
}

find_python() {
    for name in python3 python3.13 python3.12 python3.11 python3.14; do
        if identify "$name" >/dev/null; then
            command -v "$name"
            return
        fi
    done
    return 1
}

python=${PYTHON:-}
if [ -n "$python" ]; then
    if ! identify "$python" >/dev/null; then
        venv_hint "$python" >&2 || echo "PYTHON=$python is not a $wanted; install one or leave PYTHON out to let make find one" >&2
        exit 1
    fi
elif ! { [ -x $venv/bin/python ] && identify $venv/bin/python >/dev/null; }; then
    python=$(find_python) || { hint >&2; exit 1; }
fi

if [ -n "$python" ] && [ -e $venv ] && [ "$(identify $venv/bin/python || true)" != "$(identify "$python")" ]; then
    echo "rebuilding $venv with $python ($(identify "$python")): it was made by another Python"
    rm -rf $venv
fi
if [ ! -x $venv/bin/python ]; then
    echo "creating $venv with $python ($(identify "$python"))"
    "$python" -m venv $venv
fi
if [ ! -f $stamp ] || [ pyproject.toml -nt $stamp ] || [ $constraints -nt $stamp ]; then
    # pip's notices go to a log, shown only when the installation fails: the line a command
    # prints after it (a busy port, a catalogue problem) must not drown among them.
    log=$venv/pip.log
    echo "installing the pinned packages into $venv (a minute or two the first time)"
    if ! {
        $venv/bin/python -m pip install --quiet --upgrade pip &&
            $venv/bin/python -m pip install --quiet -c $constraints -e ".[test]"
    } >$log 2>&1; then
        cat $log >&2
        echo "installing the packages into $venv failed: see the lines above (kept in $log)" >&2
        exit 1
    fi
    touch $stamp
fi
