# Regenerates fluentd_match_cases.tsv: the verdicts of Fluentd's own
# lib/fluent/match.rb (loaded, not copied) for tricky and random
# pattern/tag pairs. tag_pattern_test.cpp checks Ferry gives the same ones.
#
#   ruby gen_fluentd_match_cases.rb /path/to/fluentd/lib > fluentd_match_cases.tsv
#
# Fields are tab-separated and percent-encoded (%, tab, newline):
#   pattern  tag  1|0|error
module Fluent
  class ConfigError < StandardError; end
end
require File.join(ARGV.fetch(0), 'fluent', 'match.rb')

def enc(s) = s.gsub('%', '%25').gsub("\t", '%09').gsub("\n", '%0A')

srand(20261124)
fixed_patterns = %w[
  ** * a a.* a.** **.a a.**.b a.*.b a*.b *.b *a {a,b} {a,b}.* a.{b,c.d} {a.{b,c},d}.e
  a.{b,**} {a,b {a,b.c {a.b {a,{b} {a,{b,c} a.{b a.} a. .a a.. a..b a.*.* a.*.**
  a.**.** **.** ***  a** **a *.** **.* a\\.b a\\*b a\\ \\{a,b} {a\\,b,c} a,b {a-b,c@d}
  {,a} {a,} {} a{}b a.{}.b @a a-b a:b /a/ /a.*/ /a|b/ /(a|b)\\.c/ /\\h+/ /^b$/
  /(?m)a.b/ /(?i)ab/ /a /ab a/ / {a}.**.{b} {**.a,b}.c a.{**,b}.c x.**.y.** pre*.x
  {nest.{a,b},other}.z mid.**.end double.** multi.one
]
tokens = %w[a b a b . . * ** { } , \\ x ab]
random_patterns = Array.new(220) { Array.new(rand(1..7)) { tokens.sample }.join }
tag_chars = %w[a b x . . , \\ { } * -]
fixed_tags = ['', 'a', 'b', 'c', 'ab', 'a.', '.a', 'a.b', 'a.c', 'a.c.d', 'a.b.c', 'a..b', 'a.x.b',
              'a.x.y.b', 'b.a', 'x.a', 'a.b.a', "a\n", "a.b\n", "a\nb", 'A', 'aB', 'a\\.b',
              'a\\', '{a,b}', 'a,b', 'a-b', 'c@d', 'a.e', 'b.e', 'd.e', 'x.a.y', 'x.y', 'x.q.y.z',
              'prefix.x', 'pre.x', 'prex.y', 'nest.a.z', 'other.z', 'mid.end', 'mid.endx',
              'double', 'double.a.b', 'multi.one', 'ff09', '(?-mix:a)', 'a.b.c.d.e']

def verdict(pat, tag)
  Fluent::MatchPattern.create(pat).match(tag) ? '1' : '0'
rescue Fluent::ConfigError
  'error'
end

(fixed_patterns + random_patterns).uniq.each do |pat|
  # Tags shaped like the pattern hit far more of its matching paths.
  shaped = Array.new(6) do
    pat.gsub(/\*\*?/) { ['', 'a', 'ab', 'a.b', '.'].sample }.delete('{}\\')
       .split(',').sample.to_s
  end
  tags = fixed_tags + shaped + Array.new(8) { Array.new(rand(0..6)) { tag_chars.sample }.join }
  tags.uniq.each { |tag| puts [enc(pat), enc(tag), verdict(pat, tag)].join("\t") }
end
