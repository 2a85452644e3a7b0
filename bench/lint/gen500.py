#!/usr/bin/env python3
"""Writes a 500-service compose file (with a build context per 50 services) to the given directory."""
import os, sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 500
os.makedirs(os.path.join(out, "app"), exist_ok=True)
with open(os.path.join(out, "app", "Dockerfile"), "w") as f:
    f.write("FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD python app.py\n")
lines = ["name: bench500", "x-common: &common", "  restart: unless-stopped", "  logging:", "    driver: json-file", "    options: {max-size: 10m}", "services:"]
for i in range(n):
    lines.append(f"  svc{i}:")
    if i % 50 == 0:
        lines.append("    build: ./app")
    else:
        lines.append(f"    image: {'nginx:latest' if i % 3 == 0 else 'redis:7.2' if i % 3 == 1 else 'postgres'}")
    if i % 2 == 0:
        lines.append("    <<: *common")
    lines.append("    environment:")
    lines.append(f"      MODE: production")
    lines.append(f"      DB_PASSWORD: hunter{i}")
    lines.append(f"      DATABASE_URL: postgres://app:pw{i}@db:5432/app")
    lines.append("    ports:")
    lines.append(f"      - \"{10000 + i}:80\"")
    if i % 4 == 0:
        lines.append("    privileged: true")
    if i % 5 == 0:
        lines.append("    cap_add: [SYS_ADMIN, NET_ADMIN]")
    if i % 7 == 0:
        lines.append("    volumes:")
        lines.append("      - /var/run/docker.sock:/var/run/docker.sock")
    if i % 10 == 1:
        lines.append("    network_mode: host")
    if i > 0 and i % 3 == 0:
        lines.append("    depends_on: [svc%d]" % (i - 1))
    lines.append("    security_opt: [\"no-new-privileges:true\"]" if i % 6 == 0 else "    read_only: false")
with open(os.path.join(out, "compose.yaml"), "w") as f:
    f.write("\n".join(lines) + "\n")
