#!/usr/bin/env bash
# Releases the GitHub Action: the built dist/ is committed on the release tags, never on a branch.
#
#   scripts/release-action.sh vMAJOR.MINOR.PATCH [--push [REMOTE]]
#
# Run it from a clean checkout of the commit to release, whose package.json has that version. It
# builds dist/ in a temporary worktree of that commit, commits dist/ there (a commit whose parent
# is the released one and that only the tags reach), tags it vMAJOR.MINOR.PATCH and moves vMAJOR to
# it, so that `uses: <owner>/aiscan@vMAJOR` runs dist/src/action/main.js with nothing built on the
# runner. With --push it pushes both tags (vMAJOR with --force: it moves); otherwise it prints the
# commands. Publish the npm package (which templates/aiscan.yml installs) from the same commit.
#
# AISCAN_RELEASE_BUILD: the build command run in the worktree, by bash (default: npm ci
# --ignore-scripts --no-audit --no-fund && npm run build).
set -euo pipefail

fail() {
  echo "release-action: $*" >&2
  exit 1
}

usage() {
  echo "usage: release-action.sh vMAJOR.MINOR.PATCH [--push [REMOTE]]" >&2
  exit 2
}

[ $# -ge 1 ] || usage
tag=$1
shift
push=false
remote=origin
if [ $# -gt 0 ]; then
  [ "$1" = --push ] || usage
  push=true
  shift
  if [ $# -gt 0 ]; then
    remote=$1
    shift
  fi
  [ $# -eq 0 ] || usage
fi

[[ $tag =~ ^v([0-9]+)\.[0-9]+\.[0-9]+$ ]] || fail "$tag is not a release tag (vMAJOR.MINOR.PATCH)"
major="v${BASH_REMATCH[1]}"
version=${tag#v}

cd "$(git rev-parse --show-toplevel)"
if ! git diff --quiet || ! git diff --cached --quiet; then
  fail "the checkout has uncommitted changes: release a commit, from a clean checkout"
fi
package_version=$(git show HEAD:package.json | node -e 'let text = ""; process.stdin.on("data", (chunk) => (text += chunk)).on("end", () => console.log(JSON.parse(text).version))')
[ "$package_version" = "$version" ] || fail "package.json has version $package_version, not $version: set it and commit first"
if git rev-parse --quiet --verify "refs/tags/$tag" > /dev/null; then
  fail "the tag $tag exists already"
fi

source_commit=$(git rev-parse HEAD)
work=$(mktemp -d "${TMPDIR:-/tmp}/aiscan-release.XXXXXX")
cleanup() {
  git worktree remove --force "$work/tree" > /dev/null 2>&1 || true
  rm -rf "$work"
  git worktree prune
}
trap cleanup EXIT
git worktree add --quiet --detach "$work/tree" "$source_commit"

(
  cd "$work/tree"
  bash -c "${AISCAN_RELEASE_BUILD:-npm ci --ignore-scripts --no-audit --no-fund && npm run build}"
  # The action runs main.js, which runs the bundled CLI; the CLI starts from the precompiled rule pack.
  for file in dist/src/action/main.js dist/cli/aiscan.js dist/cli/cli-bundle.cjs dist/precompiled/builtin-rules.json; do
    [ -f "$file" ] || fail "the build did not write $file"
  done
  # dist/ is ignored on branches; on the release commit it is the point.
  git add --force dist
  git commit --quiet --no-verify -m "aiscan $tag: dist/ built from $source_commit"
  git tag --annotate "$tag" -m "aiscan $tag"
  git tag --force --annotate "$major" -m "aiscan $tag" > /dev/null
)

echo "Tagged $tag and $major: $(git rev-parse --short "$tag^{commit}"), dist/ built from $source_commit."
if [ "$push" = true ]; then
  git push "$remote" "refs/tags/$tag"
  git push --force "$remote" "refs/tags/$major"
else
  echo "Publish with: git push $remote refs/tags/$tag && git push --force $remote refs/tags/$major"
fi
