# Sourced by the calibrate CLI tests: the calibration of Sirte 2016 they share,
# two combat parameters from wide priors against GNA's killed and wounded ratio.
#   two_parameters SCENARIOS_DIR METHOD BUDGET PARTICLES SEED KILLED RATIO > FILE.yaml
# Line 3 is the budget and line 8 the area kill rate (the refusal tests locate them).
two_parameters() {
  cat <<YAML
scenario: $1/sirte-2016.yaml
method: $2
budget: $3
particles: $4
seed: $5
parameters:
  parameters.combat.wounded_per_killed: {prior: uniform, min: 1, max: 10, name: ratio}
  parameters.combat.area_kill_rate: {prior: log-uniform, min: 0.005, max: 0.5, name: area}
targets:
  gna-killed: {value: $6, tolerance: 15}
  gna-wounded-ratio: {value: $7, tolerance: 0.3}
YAML
}
