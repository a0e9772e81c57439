#!/usr/bin/env bash
# Makes a throw-away certificate authority and one silo certificate for the cluster's mutual TLS, for a cluster on
# this machine (run-cluster.sh, the load harness). Production certificates come from your own PKI instead.
#   silo-config/dev-certs.sh FOLDER      # writes FOLDER/ca.pem, FOLDER/silo.pem, FOLDER/silo.key (kept if present)
# Prints the FlagGrains__Cluster__Tls__* settings that use them.
set -euo pipefail
folder=${1:?usage: dev-certs.sh FOLDER}
mkdir -p "$folder"
cd "$folder"
if [ ! -f ca.pem ] || [ ! -f silo.pem ] || [ ! -f silo.key ]; then
  umask 077
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj "/CN=FlagGrains dev cluster authority" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout ca.key -out ca.pem 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=flaggrains-silo" -keyout silo.key -out silo.csr 2>/dev/null
  printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth,clientAuth" \
    "subjectAltName=DNS:localhost,IP:127.0.0.1" >silo.ext
  openssl x509 -req -in silo.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -extfile silo.ext -out silo.pem 2>/dev/null
  rm -f silo.csr silo.ext ca.srl
fi
here=$(pwd)
echo "FlagGrains__Cluster__Tls__CertificatePath=$here/silo.pem"
echo "FlagGrains__Cluster__Tls__KeyPath=$here/silo.key"
echo "FlagGrains__Cluster__Tls__CaCertificatePath=$here/ca.pem"
